package credit

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"io"
	"math/bits"

	"github.com/outagekit/postmortem/internal/limited"
)

// csvReader reads CSV records exactly as an encoding/csv Reader with its
// default settings does (comma ",", no comments, strict quotes, the first
// record fixing the number of fields), records, errors and line numbers
// included, without allocating: a record's fields are slices of the input
// buffer, or of a reused buffer for records with quoted fields, valid
// until the next call. Subscriptions files are read through it (lines
// files, read once by an importer, with encoding/csv itself);
// FuzzCSVReader checks it against encoding/csv.
//
// The parsing of quoted fields follows encoding/csv's readLine and
// readRecord (Go 1.26; Copyright The Go Authors, BSD-style license) step
// by step, without the options this package does not use; a line without
// a quote takes a shorter path that splits it at its commas.
type csvReader struct {
	r         *bufio.Reader
	numLine   int
	fields    [][]byte
	ends      []int  // ends of the fields in recordBuf
	recordBuf []byte // the fields of a record with quotes, unescaped
	rawBuf    []byte // a line longer than the bufio buffer
	nfields   int    // the number of fields each record must have; 0: set by the first
	// printable reports that the last record read was one line without a
	// quote whose bytes are all printable ASCII (0x20 to 0x7e): its
	// fields need no other check of their bytes (see checkText).
	printable bool
}

// csvBufferSize is the size of the read buffer.
const csvBufferSize = 256 << 10

func newCSVReader(r io.Reader) *csvReader {
	return &csvReader{r: bufio.NewReaderSize(r, csvBufferSize)}
}

// readLine reads one line, as encoding/csv's readLine does, except that a
// line longer than limited.MaxLine is an error (*limited.LineTooLongError, or
// limited.ErrCROnly for a first line holding bare carriage returns) rather
// than memory without end.
func (r *csvReader) readLine() ([]byte, error) {
	line, err := r.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.rawBuf = append(r.rawBuf[:0], line...)
		for err == bufio.ErrBufferFull {
			if len(r.rawBuf) > limited.MaxLine {
				// Not a CSV line: /dev/zero, a binary file, or a file
				// whose lines end in bare carriage returns.
				if r.numLine == 0 && limited.CROnly(r.rawBuf) {
					return nil, limited.ErrCROnly
				}
				return nil, &limited.LineTooLongError{Line: r.numLine + 1, Limit: limited.MaxLine}
			}
			line, err = r.r.ReadSlice('\n')
			r.rawBuf = append(r.rawBuf, line...)
		}
		line = r.rawBuf
	}
	readSize := len(line)
	if readSize > 0 && err == io.EOF {
		err = nil
		if line[readSize-1] == '\r' {
			line = line[:readSize-1]
		}
	}
	r.numLine++
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// read returns the next record, the line it starts on and an error: a
// *csv.ParseError (the record is returned too when its only problem is its
// number of fields), io.EOF at the end, or an error reading.
func (r *csvReader) read() (fields [][]byte, recLine int, err error) {
	line, errRead := r.nextLine()
	if errRead == io.EOF {
		return nil, 0, errRead
	}
	return r.parse(line, errRead)
}

// nextLine returns the next line that is not empty, as read passes it to
// parse, or io.EOF at the end.
func (r *csvReader) nextLine() (line []byte, errRead error) {
	for errRead == nil {
		line, errRead = r.readLine()
		if errRead == nil && len(line) == lengthNL(line) {
			line = nil
			continue // skip empty lines
		}
		break
	}
	return line, errRead
}

// parse parses the record that starts with line, the line nextLine
// returned with errRead (not io.EOF), and returns what read returns.
func (r *csvReader) parse(line []byte, errRead error) (fields [][]byte, recLine int, err error) {
	recLine = r.numLine
	r.fields = r.fields[:0]
	if r.splitPlain(line[:len(line)-lengthNL(line)]) {
		err = errRead
	} else {
		r.fields = r.fields[:0]
		err = r.readQuoted(line, errRead, recLine)
	}
	if r.nfields > 0 {
		if len(r.fields) != r.nfields && err == nil {
			err = &csv.ParseError{StartLine: recLine, Line: recLine, Column: 1, Err: csv.ErrFieldCount}
		}
	} else {
		r.nfields = len(r.fields)
	}
	return r.fields, recLine, err
}

// Bytes repeated in the eight bytes of a word, to look at eight bytes at a
// time (the bit tricks of Sean Eron Anderson's "Bit Twiddling Hacks").
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
	lowSeven = 0x7f7f7f7f7f7f7f7f
)

// splitPlain appends the fields of line, a line without its end, to
// r.fields and sets r.printable, when line holds no quote: it is then
// split at its commas. It reports false when line holds a quote, leaving
// r.fields to be reset. It reads eight bytes at a time.
func (r *csvReader) splitPlain(line []byte) bool {
	var odd uint64 // a byte below 0x20 or above 0x7e: its high bit
	start, i := 0, 0
	for ; i+8 <= len(line); i += 8 {
		w := binary.LittleEndian.Uint64(line[i:])
		if q := w ^ '"'*lowBits; (q-lowBits)&^q&highBits != 0 {
			return false
		}
		odd |= (w-0x20*lowBits)&^w | (w + lowBits) | w
		// The commas: exactly the zero bytes of c get their high bit.
		c := w ^ ','*lowBits
		for m := ^((c&lowSeven + lowSeven) | c | lowSeven); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)>>3
			r.fields = append(r.fields, line[start:j])
			start = j + 1
		}
	}
	for ; i < len(line); i++ {
		switch b := line[i]; {
		case b == '"':
			return false
		case b == ',':
			r.fields = append(r.fields, line[start:i])
			start = i + 1
		case b < 0x20 || b > 0x7e:
			odd |= highBits
		}
	}
	r.fields = append(r.fields, line[start:])
	r.printable = odd&highBits == 0
	return true
}

// readQuoted parses a record with a quote somewhere, as encoding/csv's
// readRecord does, into r.fields.
func (r *csvReader) readQuoted(line []byte, errRead error, recLine int) error {
	var err error
	r.printable = false
	r.recordBuf = r.recordBuf[:0]
	r.ends = r.ends[:0]
	posLine, posCol := r.numLine, 1
parseField:
	for {
		if len(line) == 0 || line[0] != '"' {
			// A field without quotes.
			i := bytes.IndexByte(line, ',')
			field := line
			if i >= 0 {
				field = field[:i]
			} else {
				field = field[:len(field)-lengthNL(field)]
			}
			if j := bytes.IndexByte(field, '"'); j >= 0 {
				err = &csv.ParseError{StartLine: recLine, Line: r.numLine, Column: posCol + j, Err: csv.ErrBareQuote}
				break parseField
			}
			r.recordBuf = append(r.recordBuf, field...)
			r.ends = append(r.ends, len(r.recordBuf))
			if i >= 0 {
				line = line[i+1:]
				posCol += i + 1
				continue parseField
			}
			break parseField
		}
		// A quoted field.
		line = line[1:]
		posCol++
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				r.recordBuf = append(r.recordBuf, line[:i]...)
				line = line[i+1:]
				posCol += i + 1
				switch {
				case len(line) > 0 && line[0] == '"':
					r.recordBuf = append(r.recordBuf, '"')
					line = line[1:]
					posCol++
				case len(line) > 0 && line[0] == ',':
					line = line[1:]
					posCol++
					r.ends = append(r.ends, len(r.recordBuf))
					continue parseField
				case lengthNL(line) == len(line):
					r.ends = append(r.ends, len(r.recordBuf))
					break parseField
				default:
					err = &csv.ParseError{StartLine: recLine, Line: r.numLine, Column: posCol - 1, Err: csv.ErrQuote}
					break parseField
				}
			case len(line) > 0:
				r.recordBuf = append(r.recordBuf, line...)
				if errRead != nil {
					break parseField
				}
				posCol += len(line)
				line, errRead = r.readLine()
				if len(line) > 0 {
					posLine++
					posCol = 1
				}
				if errRead == io.EOF {
					errRead = nil
				}
			default:
				if errRead == nil {
					err = &csv.ParseError{StartLine: recLine, Line: posLine, Column: posCol, Err: csv.ErrQuote}
					break parseField
				}
				r.ends = append(r.ends, len(r.recordBuf))
				break parseField
			}
		}
	}
	if err == nil {
		err = errRead
	}
	start := 0
	for _, end := range r.ends {
		r.fields = append(r.fields, r.recordBuf[start:end])
		start = end
	}
	return err
}

// isParseError reports whether err is a *csv.ParseError, and returns it.
func isParseError(err error) (*csv.ParseError, bool) {
	var pe *csv.ParseError
	ok := errors.As(err, &pe)
	return pe, ok
}
