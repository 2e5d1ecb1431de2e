package credit

import (
	"unicode"
	"unicode/utf8"
)

// appendField appends s as one field of a CSV record, exactly as an
// encoding/csv Writer with its default settings (comma ",", "\n" line
// endings) writes it: quoted when it holds a comma, a quote, a carriage
// return or a newline, starts with a space, or is `\.`, with quotes
// doubled inside. FuzzAppendField checks it against encoding/csv.
func appendField[T string | []byte](dst []byte, s T) []byte {
	if !fieldNeedsQuotes(s) {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, s[i])
	}
	return append(dst, '"')
}

func fieldNeedsQuotes[T string | []byte](s T) bool {
	if len(s) == 0 {
		return false
	}
	if string(s) == `\.` {
		return true
	}
	for i := 0; i < len(s); i++ {
		if special[s[i]] {
			return true
		}
	}
	if s[0] < utf8.RuneSelf {
		return unicode.IsSpace(rune(s[0]))
	}
	var first [utf8.UTFMax]byte
	r, _ := utf8.DecodeRune(first[:copy(first[:], s)])
	return unicode.IsSpace(r)
}

// special marks the bytes that make a field quoted wherever they are.
var special = [256]bool{'\n': true, '\r': true, '"': true, ',': true}
