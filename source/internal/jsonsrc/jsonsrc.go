// Package jsonsrc reads the JSON exports of outside tools (Statuspage,
// PagerDuty, Prometheus) value by value, knowing where each value starts, so
// that an importer reports every problem with its file, line, column and
// JSON path ("incidents[0].incident_updates[2].created_at").
//
// # Reading
//
// A Reader walks one document once, front to back, with encoding/json's
// token stream: Object and Array call back for each member, and String,
// Number, Bool and Skip read one value. A value of the wrong JSON type is a
// problem at the value and is skipped; reading goes on with the next one,
// so one pass finds every problem. A syntax error ends the reading: it is
// reported once, where encoding/json finds it, and every later call is a
// no-op.
//
// # Cost
//
// Reading is linear in the size of the document. Problems are kept with
// their byte offsets and turned into lines and columns (in characters) by
// Err, in one pass over the document after sorting them, so that even a
// minified export of many megabytes on one line with a problem in every
// element costs O(n + p log p).
package jsonsrc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/outagekit/postmortem/internal/problem"
)

// Kind is the JSON type of a value.
type Kind uint8

// The kinds of values; End is the end of the enclosing object or array, or
// of the input.
const (
	End Kind = iota
	Object
	Array
	String
	Number
	Bool
	Null
)

var kindNames = [...]string{"nothing", "an object", "a list", "a string", "a number", "a boolean", "null"}

// String returns the kind as a problem message writes it ("a string").
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "a value"
}

// Reader reads one JSON document. Its zero value is not usable: call
// NewReader. A Reader is not safe for concurrent use.
type Reader struct {
	file   string
	data   []byte
	dec    *json.Decoder
	probs  []located
	failed bool
	// consumed is set by every method that reads a value, so that Object
	// and Array can skip a member their callback left unread.
	consumed bool
	// stack is the path of the value being read: keys and indexes.
	stack []step
	// depth is how many lists and objects the token read last is in.
	depth int
}

// maxDepth is how deep lists and objects may nest, as in the documents
// fileformat reads: exports nest a few levels; a document of 16 MiB of
// "[" would otherwise be read (or skipped) token by token to its end.
const maxDepth = 100

// step is one element of a path: a key, or an index when key is empty and
// index is not negative.
type step struct {
	key   string
	index int
}

// Path returns the JSON path of the value being read, as problems write it
// ("incidents[0].incident_updates[2].created_at"). It is built when asked
// for: reading builds no path.
func (r *Reader) Path() string {
	var b []byte
	for _, s := range r.stack {
		if s.index >= 0 {
			b = append(b, '[')
			b = strconv.AppendInt(b, int64(s.index), 10)
			b = append(b, ']')
			continue
		}
		if len(b) > 0 {
			b = append(b, '.')
		}
		b = append(b, s.key...)
	}
	return string(b)
}

// located is a problem with the byte offset it is at.
type located struct {
	off       int64
	path, msg string
}

// NewReader returns a Reader of data, whose problems name file. A UTF-8
// byte order mark at its start is skipped (files saved by some editors
// have one); positions are those of the text after it.
func NewReader(file string, data []byte) *Reader {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return &Reader{file: file, data: data, dec: dec}
}

// Data returns the document being read.
func (r *Reader) Data() []byte { return r.data }

// Failed reports whether a syntax error ended the reading.
func (r *Reader) Failed() bool { return r.failed }

// Offset returns the byte offset where the next value starts.
func (r *Reader) Offset() int64 {
	off := r.dec.InputOffset()
	for off < int64(len(r.data)) {
		switch r.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
		default:
			return off
		}
	}
	return off
}

// Next returns the kind of the next value without reading it: End at the
// end of the enclosing object or array, of the input, or after a syntax
// error.
func (r *Reader) Next() Kind {
	if r.failed {
		return End
	}
	off := r.Offset()
	if off >= int64(len(r.data)) {
		return End
	}
	switch r.data[off] {
	case '{':
		return Object
	case '[':
		return Array
	case '"':
		return String
	case 't', 'f':
		return Bool
	case 'n':
		return Null
	case '}', ']':
		return End
	}
	return Number
}

// maxQuoted is how many bytes of a value Quote shows.
const maxQuoted = 64

// Quote quotes a value of the input for a problem, as %q does, its first
// 64 bytes (whole runes) and the number of the others when it is longer:
// a 16 MiB number must not make a 16 MiB problem.
func Quote(s string) string {
	if len(s) <= maxQuoted {
		return strconv.Quote(s)
	}
	cut := maxQuoted
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes more)", strconv.Quote(s[:cut]), len(s)-cut)
}

// Problem records a problem at the byte offset off of the document.
func (r *Reader) Problem(off int64, path, msg string) {
	r.probs = append(r.probs, located{off, path, msg})
}

// Problemf records a problem with a formatted message.
func (r *Reader) Problemf(off int64, path, format string, args ...any) {
	r.Problem(off, path, fmt.Sprintf(format, args...))
}

// HasProblems reports whether a problem was recorded.
func (r *Reader) HasProblems() bool { return len(r.probs) > 0 }

// token reads the next token; on a syntax error it reports it and fails.
func (r *Reader) token() (json.Token, bool) {
	if r.failed {
		return nil, false
	}
	off := r.dec.InputOffset()
	tok, err := r.dec.Token()
	if err != nil {
		r.syntax(err)
		return nil, false
	}
	switch tok {
	case json.Delim('['), json.Delim('{'):
		if r.depth++; r.depth > maxDepth {
			r.failed = true
			r.Problem(off+int64(bytes.IndexByte(r.data[off:], byte(tok.(json.Delim)))), r.Path(),
				fmt.Sprintf("nested more than %d levels deep", maxDepth))
			return nil, false
		}
	case json.Delim(']'), json.Delim('}'):
		r.depth--
	}
	return tok, true
}

// syntax reports a syntax error once and ends the reading. The offsets of
// a Decoder's errors depend on its buffering, so the position comes from
// checking the whole document, which reports the offset just after the
// offending byte.
func (r *Reader) syntax(err error) {
	r.failed = true
	off := r.dec.InputOffset()
	var se *json.SyntaxError
	if errors.As(json.Unmarshal(r.data, new(json.RawMessage)), &se) {
		err, off = se, max(se.Offset-1, 0)
	}
	msg := "invalid JSON: " + err.Error()
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || (se != nil && strings.Contains(se.Error(), "unexpected end of JSON input")) {
		msg, off = "invalid JSON: unexpected end of the input", int64(len(r.data))
	}
	r.Problem(off, "", msg)
}

// wrong reports a value of the wrong kind and skips it.
func (r *Reader) wrong(want string) {
	off, k := r.Offset(), r.Next()
	r.Skip()
	switch {
	case r.failed:
	case len(r.stack) == 0:
		r.Problemf(off, "", "the top level must be %s, not %s", want, k)
	default:
		r.Problemf(off, r.Path(), "want %s, not %s", want, k)
	}
}

// Skip reads the next value, whatever it is, and drops it.
func (r *Reader) Skip() {
	r.consumed = true
	depth := 0
	for {
		tok, ok := r.token()
		if !ok {
			return
		}
		if d, isDelim := tok.(json.Delim); isDelim {
			switch d {
			case '{', '[':
				depth++
			default:
				depth--
			}
		}
		if depth == 0 {
			return
		}
	}
}

// String reads a string. null reads as "". Another kind of value is a
// problem: it is skipped and ok is false.
func (r *Reader) String() (s string, ok bool) {
	switch r.Next() {
	case String, Null:
		r.consumed = true
		tok, ok := r.token()
		if !ok {
			return "", false
		}
		s, _ := tok.(string)
		return s, true
	}
	r.wrong("a string")
	return "", false
}

// Number reads a number, as written. null reads as "". Another kind of
// value is a problem.
func (r *Reader) Number() (n json.Number, ok bool) {
	switch r.Next() {
	case Number, Null:
		r.consumed = true
		tok, ok := r.token()
		if !ok {
			return "", false
		}
		n, _ := tok.(json.Number)
		return n, true
	}
	r.wrong("a number")
	return "", false
}

// Bool reads a boolean; null reads as false. Another kind of value is a
// problem.
func (r *Reader) Bool() (b, ok bool) {
	switch r.Next() {
	case Bool, Null:
		r.consumed = true
		tok, ok := r.token()
		if !ok {
			return false, false
		}
		b, _ := tok.(bool)
		return b, true
	}
	r.wrong("true or false")
	return false, false
}

// Object reads an object, calling member for each of its members in order
// with the key; member reads the value (or leaves it, which skips it),
// and Path is the member's path meanwhile. A key given twice is a problem
// at the second. null reads as an empty object. Another kind of value is a
// problem: it is skipped and ok is false.
func (r *Reader) Object(member func(key string)) (ok bool) {
	switch r.Next() {
	case Null:
		r.Skip()
		return true
	case Object:
	default:
		r.wrong("an object")
		return false
	}
	r.consumed = true
	if _, ok := r.token(); !ok { // '{'
		return false
	}
	var buf [16]string
	keys := keySet{list: buf[:0]}
	for r.Next() != End {
		keyOff := r.Offset()
		tok, ok := r.token()
		if !ok {
			return false
		}
		key, _ := tok.(string)
		r.stack = append(r.stack, step{key: key, index: -1})
		if keys.add(key) {
			msg := "given twice in the same object"
			if key == "" {
				msg = "empty field name " + msg
			}
			r.Problem(keyOff, r.Path(), msg)
		}
		r.consumed = false
		member(key)
		if !r.consumed {
			r.Skip()
		}
		r.stack = r.stack[:len(r.stack)-1]
		if r.failed {
			return false
		}
	}
	_, ok = r.token() // '}'
	return ok
}

// keySet is the keys of an object read so far. Small objects are checked
// against a list, large ones against a map: linear either way.
type keySet struct {
	list []string
	set  map[string]bool
}

// add records key and reports whether it was recorded before.
func (k *keySet) add(key string) bool {
	const small = 16
	if k.set == nil {
		if slices.Contains(k.list, key) {
			return true
		}
		k.list = append(k.list, key)
		if len(k.list) > small {
			k.set = make(map[string]bool, 2*small)
			for _, x := range k.list {
				k.set[x] = true
			}
		}
		return false
	}
	if k.set[key] {
		return true
	}
	k.set[key] = true
	return false
}

// Array reads a list, calling elem for each element with its index; elem
// reads the element (or leaves it, which skips it), and Path is the
// element's path meanwhile. null reads as an empty list. Another kind of
// value is a problem: it is skipped and ok is false.
func (r *Reader) Array(elem func(i int)) (ok bool) {
	switch r.Next() {
	case Null:
		r.Skip()
		return true
	case Array:
	default:
		r.wrong("a list")
		return false
	}
	r.consumed = true
	if _, ok := r.token(); !ok { // '['
		return false
	}
	for i := 0; r.Next() != End; i++ {
		r.stack = append(r.stack, step{index: i})
		r.consumed = false
		elem(i)
		if !r.consumed {
			r.Skip()
		}
		r.stack = r.stack[:len(r.stack)-1]
		if r.failed {
			return false
		}
	}
	_, ok = r.token() // ']'
	return ok
}

// Finish checks that nothing but white space follows the document's one
// top-level value, which the caller has read.
func (r *Reader) Finish() {
	if r.failed {
		return
	}
	off := r.Offset()
	if _, err := r.dec.Token(); err != io.EOF {
		r.failed = true
		r.Problem(off, "", "invalid JSON: data after the top-level value")
	}
}

// Err returns the problems recorded, each with the reader's file, its line
// and its column (in characters, from 1), as a *problem.Error sorted by
// position; nil when there are none.
func (r *Reader) Err() error {
	if len(r.probs) == 0 {
		return nil
	}
	var l problem.List
	for _, p := range r.Problems() {
		l.AddProblem(p)
	}
	return l.Err()
}

// Problems returns the problems recorded, located, in order of position.
func (r *Reader) Problems() []problem.Problem {
	probs := slices.Clone(r.probs)
	slices.SortStableFunc(probs, func(a, b located) int {
		switch {
		case a.off < b.off:
			return -1
		case a.off > b.off:
			return 1
		}
		return 0
	})
	out := make([]problem.Problem, len(probs))
	var off int64
	line, col := 1, 1
	for i, p := range probs {
		target := min(max(p.off, 0), int64(len(r.data)))
		for off < target {
			c, n := utf8.DecodeRune(r.data[off:])
			if c == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			off += int64(n)
		}
		out[i] = problem.Problem{File: r.file, Line: line, Column: col, Path: p.path, Msg: p.msg}
	}
	return out
}

// Text is a string read from a document with the offset of its value; Off
// is 0 when the document does not give it.
type Text struct {
	S   string
	Off int64
}

// ReadText reads a string (see String) into t, with its offset. It reports
// false when the value is not a string, a problem already recorded.
func (r *Reader) ReadText(t *Text) bool {
	t.Off = r.Offset()
	var ok bool
	t.S, ok = r.String()
	return ok
}

// ParseInstant parses an RFC 3339 timestamp, as the exports write them
// (usually with milliseconds), and shows it in zone (UTC when nil); ""
// is the zero time. It reports false when s does not parse.
func ParseInstant(s string, zone *time.Location) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	if zone == nil {
		zone = time.UTC
	}
	return t.In(zone), true
}
