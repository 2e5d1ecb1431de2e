package main

import (
	"fmt"
	"io"
	"unicode/utf8"
)

// Text that echoes input (file names, problem paths, ids, titles) must not
// reach a terminal as escape sequences: a YAML key "\x1b[2K\rincident.yaml:
// ok" would otherwise print a fake "ok" line. Every message on standard
// error, and every text output meant for people (metrics and sla as text,
// validate's and demo's reports), goes through a safeWriter, which shows
// such characters escaped, as Go's %q would. Data outputs (CSV, JSON,
// Markdown, PDF, YAML) are written as they are: they are read by programs,
// and their formats quote or escape what they must.

// safeWriter writes text to w with every character that can drive a
// terminal escaped: C0 controls but newline and tab (ESC, CR, BEL,
// backspace…), DEL, C1 controls (U+0080–U+009F, which some terminals take
// as escape sequences), the bidirectional overrides that reorder what is
// shown (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), and bytes
// that are not UTF-8. Each Write is escaped on its own: a character split
// between two Writes is escaped as bytes.
type safeWriter struct {
	w   io.Writer
	buf []byte
}

// newSafeWriter returns w escaping what could drive a terminal; w itself
// when it already is one.
func newSafeWriter(w io.Writer) io.Writer {
	if _, ok := w.(*safeWriter); ok || w == nil {
		return w
	}
	return &safeWriter{w: w}
}

func (s *safeWriter) Write(p []byte) (int, error) {
	i := safePrefix(p)
	if i == len(p) {
		return s.w.Write(p)
	}
	s.buf = appendEscaped(append(s.buf[:0], p[:i]...), p[i:])
	if _, err := s.w.Write(s.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// safePrefix returns the length of the longest prefix of p that needs no
// escape.
func safePrefix(p []byte) int {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if c < ' ' && c != '\n' && c != '\t' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if unsafeRune(r, size) {
			return i
		}
		i += size
	}
	return len(p)
}

// unsafeRune reports whether the rune r, decoded from size bytes, must be
// escaped.
func unsafeRune(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1: // not UTF-8
		return true
	case r >= 0x80 && r <= 0x9f,
		r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
}

// appendEscaped appends p to dst with the characters safePrefix stops at
// escaped: "\r", "\x1b", "\u202e".
func appendEscaped(dst, p []byte) []byte {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\r':
				dst = append(dst, `\r`...)
			case c < ' ' && c != '\n' && c != '\t' || c == 0x7f:
				dst = append(dst, `\x`...)
				dst = append(dst, hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\x`...)
			dst = append(dst, hexDigits[c>>4], hexDigits[c&0xf])
		case unsafeRune(r, size):
			dst = fmt.Appendf(dst, `\u%04x`, r)
		default:
			dst = append(dst, p[i:i+size]...)
		}
		i += size
	}
	return dst
}

const hexDigits = "0123456789abcdef"
