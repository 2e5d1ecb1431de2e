package pdftext

import (
	"errors"
	"fmt"
	"strings"
)

// token kinds of a content stream.
const (
	tEOF = iota
	tNumber
	tName
	tString
	tOpenArray
	tCloseArray
	tOperator
)

// scanner splits a content stream into tokens (ISO 32000-1, 7.2 and 7.3).
// Dictionaries (inline images, marked content) are skipped as operands of
// no interest; gofpdf writes none in page content.
type scanner struct {
	data []byte
	pos  int
}

func isWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool { return strings.IndexByte("()<>[]{}/%", c) >= 0 }

// next returns the next token and its kind; tEOF at the end.
func (s *scanner) next() (string, int, error) {
	d := s.data
	for s.pos < len(d) {
		c := d[s.pos]
		switch {
		case isWhite(c):
			s.pos++
			continue
		case c == '%': // a comment to the end of the line
			for s.pos < len(d) && d[s.pos] != '\n' && d[s.pos] != '\r' {
				s.pos++
			}
			continue
		}
		break
	}
	if s.pos >= len(d) {
		return "", tEOF, nil
	}
	c := d[s.pos]
	switch {
	case c == '(':
		str, err := s.literal()
		return str, tString, err
	case c == '<' && s.pos+1 < len(d) && d[s.pos+1] == '<':
		s.pos += 2
		return "<<", tOperator, nil // dictionary start: ends the operands
	case c == '>' && s.pos+1 < len(d) && d[s.pos+1] == '>':
		s.pos += 2
		return ">>", tOperator, nil
	case c == '<':
		str, err := s.hex()
		return str, tString, err
	case c == '[':
		s.pos++
		return "[", tOpenArray, nil
	case c == ']':
		s.pos++
		return "]", tCloseArray, nil
	case c == '/':
		start := s.pos
		s.pos++
		for s.pos < len(d) && !isWhite(d[s.pos]) && !isDelim(d[s.pos]) {
			s.pos++
		}
		return string(d[start:s.pos]), tName, nil
	case c == '{' || c == '}' || c == ')' || c == '>':
		return "", tEOF, fmt.Errorf("unexpected %q at byte %d", c, s.pos)
	}
	start := s.pos
	for s.pos < len(d) && !isWhite(d[s.pos]) && !isDelim(d[s.pos]) {
		s.pos++
	}
	tok := string(d[start:s.pos])
	if c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9' {
		return tok, tNumber, nil
	}
	return tok, tOperator, nil
}

// literal reads a (string) with its escapes and balanced parentheses.
func (s *scanner) literal() (string, error) {
	d := s.data
	s.pos++ // (
	var b strings.Builder
	depth := 1
	for s.pos < len(d) {
		c := d[s.pos]
		s.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return b.String(), nil
			}
		case '\\':
			if s.pos >= len(d) {
				return "", errors.New("string ends in a backslash")
			}
			e := d[s.pos]
			s.pos++
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case '\r':
				if s.pos < len(d) && d[s.pos] == '\n' {
					s.pos++
				}
			case '\n': // a line continuation
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && s.pos < len(d) && d[s.pos] >= '0' && d[s.pos] <= '7'; k++ {
						v = v*8 + int(d[s.pos]-'0')
						s.pos++
					}
					b.WriteByte(byte(v))
					continue
				}
				b.WriteByte(e) // \( \) \\ and unknown escapes: the character
			}
			continue
		}
		b.WriteByte(c)
	}
	return "", errors.New("unterminated string")
}

// hex reads a <hex string>.
func (s *scanner) hex() (string, error) {
	d := s.data
	s.pos++ // <
	var b strings.Builder
	hi, half := byte(0), false
	for s.pos < len(d) {
		c := d[s.pos]
		s.pos++
		var v byte
		switch {
		case c == '>':
			if half {
				b.WriteByte(hi << 4)
			}
			return b.String(), nil
		case isWhite(c):
			continue
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			return "", fmt.Errorf("bad hex digit %q", c)
		}
		if half {
			b.WriteByte(hi<<4 | v)
		} else {
			hi = v
		}
		half = !half
	}
	return "", errors.New("unterminated hex string")
}
