package credit

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/outagekit/postmortem/internal/csvcell"
)

// csvWriter writes a CSV file whose first line names its columns, for
// LineWriter and SubscriptionWriter: the header is written before the
// first record, or by flush when there is none, so every file has one.
// Records are written as encoding/csv writes them (see appendField).
type csvWriter struct {
	w       *bufio.Writer
	columns []string
	started bool
	buf     []byte // the record being written, for the caller to fill
}

func newCSVWriter(w io.Writer, columns []string) csvWriter {
	return csvWriter{w: bufio.NewWriter(w), columns: columns}
}

// errZeroWriter is the error of a writer's zero value, made without its
// New function: it has nowhere to write.
var errZeroWriter = errors.New("credit: a zero writer has nowhere to write (make it with NewLineWriter or NewSubscriptionWriter)")

// start writes the header if it has not been written.
func (cw *csvWriter) start() error {
	if cw.w == nil {
		return errZeroWriter
	}
	if cw.started {
		return nil
	}
	cw.started = true
	_, err := cw.w.Write(appendRecord(nil, cw.columns))
	return err
}

// write writes the header if needed, then the record rec (with its
// newline).
func (cw *csvWriter) write(rec []byte) error {
	if err := cw.start(); err != nil {
		return err
	}
	_, err := cw.w.Write(rec)
	return err
}

// flush writes the header if needed, then any buffered data, and returns
// the first error that occurred.
func (cw *csvWriter) flush() error {
	if err := cw.start(); err != nil {
		return err
	}
	return cw.w.Flush()
}

// appendRecord appends fields as one CSV record, with its newline, as
// they are (a header, a subscriptions file: no formula guard).
func appendRecord(dst []byte, fields []string) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendRawField(dst, f)
	}
	return append(dst, '\n')
}

// appendField appends s as one field of a lines file, a file for people:
// a value a spreadsheet would take for a formula gets a quote in front
// (csvcell.Encode, which ReadLines undoes), then the field is written as
// appendRawField writes it.
func appendField[T string | []byte](dst []byte, s T) []byte {
	if csvcell.Guarded(s) {
		return appendRawField(dst, csvcell.Append(nil, s)) // rare: allocates
	}
	return appendRawField(dst, s)
}

// appendRawField appends s as one field of a CSV record, exactly as an
// encoding/csv Writer with its default settings (comma ",", "\n" line
// endings) writes it: quoted when it holds a comma, a quote, a carriage
// return or a newline, starts with a space, or is `\.`, with quotes
// doubled inside. FuzzAppendField checks it against encoding/csv.
func appendRawField[T string | []byte](dst []byte, s T) []byte {
	if !fieldNeedsQuotes(s) {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for {
		i := indexQuote(s)
		if i < 0 {
			break
		}
		dst = append(dst, s[:i+1]...)
		dst = append(dst, '"')
		s = s[i+1:]
	}
	dst = append(dst, s...)
	return append(dst, '"')
}

// indexQuote returns the index of the first quote in s, or -1.
func indexQuote[T string | []byte](s T) int {
	if b, ok := any(s).([]byte); ok {
		return bytes.IndexByte(b, '"')
	}
	return strings.IndexByte(string(s), '"')
}

// fieldNeedsQuotes reports whether encoding/csv quotes s: when it holds a
// special byte, is `\.` or starts with a space (unicode.IsSpace). It looks
// for the special bytes eight at a time, or, in a long field (an
// explanation), one special byte at a time over the whole field with
// bytes.IndexByte, which reads many bytes an instruction: twice as fast
// over a line's explanation.
func fieldNeedsQuotes[T string | []byte](s T) bool {
	if len(s) == 0 {
		return false
	}
	if string(s) == `\.` {
		return true
	}
	if b, ok := any(s).([]byte); ok && len(b) >= longField {
		if bytes.IndexByte(b, ',') >= 0 || bytes.IndexByte(b, '"') >= 0 ||
			bytes.IndexByte(b, '\n') >= 0 || bytes.IndexByte(b, '\r') >= 0 {
			return true
		}
		return startsWithSpace(s)
	}
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		if hasSpecial(w) {
			return true
		}
	}
	for ; i < len(s); i++ {
		if special[s[i]] {
			return true
		}
	}
	return startsWithSpace(s)
}

// longField is the length from which fieldNeedsQuotes looks for each
// special byte with bytes.IndexByte.
const longField = 32

// startsWithSpace reports whether s (not empty) starts with a space
// (unicode.IsSpace).
func startsWithSpace[T string | []byte](s T) bool {
	if s[0] < utf8.RuneSelf {
		return unicode.IsSpace(rune(s[0]))
	}
	var first [utf8.UTFMax]byte
	r, _ := utf8.DecodeRune(first[:copy(first[:], s)])
	return unicode.IsSpace(r)
}

// special marks the bytes that make a field quoted wherever they are.
var special = [256]bool{'\n': true, '\r': true, '"': true, ',': true}

// ones has a 1 in every byte; ones × b has b in every byte.
const ones = 0x0101010101010101

// hasSpecial reports whether one of the eight bytes of w is special: a
// byte of w equal to b is a zero byte of w ^ (ones × b), and v has a zero
// byte exactly when (v − ones) &^ v has a high bit set in some byte.
func hasSpecial(w uint64) bool {
	zero := func(v uint64) uint64 { return (v - ones) &^ v }
	return (zero(w^ones*'\n')|zero(w^ones*'\r')|zero(w^ones*'"')|zero(w^ones*','))&(ones*0x80) != 0
}
