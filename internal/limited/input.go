// Package limited reads what the module is given, files and streams alike,
// through limits: a document is read up to a size limit, and a stream of
// lines (a CSV) fails at a line longer than a limit, so that /dev/zero, a
// FIFO or a terminal given by mistake costs no more memory than the limit,
// however long it goes on. It also recognises a CSV whose lines end in a
// bare carriage return (classic Mac OS), which a CSV reader would take for
// one endless line.
//
// Every input of the command-line tool goes through ReadAll (incidents,
// policies, plans, exports) or Lines (subscriptions and lines CSVs).
package limited

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// MaxLine is the longest line Lines accepts by default: a CSV record of
// the module's formats is a few hundred bytes.
const MaxLine = 1 << 20

// ReadAll reads r to its end, but no more than limit+1 bytes: a longer
// input comes back cut there, one byte over the limit, so that the caller's
// size check (len(data) > limit, as fileformat's) refuses it without the
// rest ever being read. limit must be positive.
func ReadAll(r io.Reader, limit int) ([]byte, error) {
	var buf bytes.Buffer
	_, err := buf.ReadFrom(io.LimitReader(r, int64(limit)+1))
	return buf.Bytes(), err
}

// ReadFile reads the file name as ReadAll does. A directory is an error
// rather than an empty file.
func ReadFile(name string, limit int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, &os.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return ReadAll(f, limit)
}

// LineTooLongError is the error of a Lines reader at a line longer than
// its limit.
//
// LineTooLongError is a plain value: safe for concurrent use.
type LineTooLongError struct {
	Line  int // the line, from 1
	Limit int // the longest line accepted, in bytes
}

// Error says what is wrong; the line is for the caller to name with its
// file ("subs.csv:3: a line longer than ...").
func (e *LineTooLongError) Error() string {
	return fmt.Sprintf("a line longer than %d bytes: not a CSV of this tool (a binary file, or a device such as /dev/zero?)", e.Limit)
}

// ErrCROnly is the error of a Lines reader whose first line holds a bare
// carriage return (so it is about line 1): the file's lines end the classic Mac OS way, which CSV
// readers take for one line.
var ErrCROnly = errors.New(`lines end in a bare carriage return (classic Mac OS line ends): save the file with line feeds ("\n" or "\r\n")`)

// CROnly reports whether line, the first line of a text (with or without
// its "\n"), holds a carriage return that does not end it: the text's
// lines end in a bare carriage return.
func CROnly(line []byte) bool {
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte{'\n'}), []byte{'\r'})
	return bytes.IndexByte(line, '\r') >= 0
}

// Lines returns a reader of r's bytes that fails with a *LineTooLongError
// at a line longer than maxLine bytes (MaxLine when maxLine ≤ 0), and with
// ErrCROnly when the first line holds a bare carriage return (see CROnly).
// The lines before the one that fails are read in full; of that one, no
// more than maxLine bytes. A quoted CSV field spanning lines is several
// lines here; each must fit.
func Lines(r io.Reader, maxLine int) io.Reader {
	if maxLine <= 0 {
		maxLine = MaxLine
	}
	return &lines{r: r, max: maxLine, line: 1}
}

type lines struct {
	r     io.Reader
	max   int
	line  int    // the line being read
	run   int    // bytes of that line read so far, without its "\n"
	first []byte // the first line, kept until its end to check it
	done  bool   // the first line was checked
	err   error  // returned once the bytes before it are read
}

func (l *lines) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for off := 0; off < n; {
		chunk := p[off:n]
		i := bytes.IndexByte(chunk, '\n')
		end := len(chunk)
		if i >= 0 {
			end = i
		}
		if !l.done {
			l.first = append(l.first, chunk[:end]...)
			if i >= 0 || len(l.first) > l.max {
				l.done = true
				if CROnly(l.first) {
					l.err = ErrCROnly
					return 0, l.err
				}
				l.first = nil
			}
		}
		if l.run += end; l.run > l.max {
			// Hand over the lines before this one, then fail.
			l.err = &LineTooLongError{Line: l.line, Limit: l.max}
			if off == 0 {
				return 0, l.err
			}
			return off, nil
		}
		if i < 0 {
			break
		}
		l.line++
		l.run = 0
		off += i + 1
	}
	if err == io.EOF && !l.done && CROnly(l.first) {
		l.err = ErrCROnly
		return 0, l.err
	}
	return n, err
}
