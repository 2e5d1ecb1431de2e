package credit

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text of subscriptions. Every value of a subscriptions file, and every
// ID of a Subscription, is UTF-8 without white space around it and without
// line breaks or other control characters. Such a value is almost always
// the mark of a broken export (a cell that swallowed the end of its line, a
// padded column, a file in another encoding), and guessing what it meant
// (trimming it, reading "1\n" as 1) would credit a subscription under an ID
// the billing system does not know, or copy bytes that are not text into
// the lines file. So the row is refused, with the reason, at its column.

var (
	errNotUTF8       = errors.New("not valid UTF-8")
	errLineBreak     = errors.New("contains a line break")
	errBlank         = errors.New("is only white space (leave it empty)")
	errLeadingSpace  = errors.New("begins with white space")
	errTrailingSpace = errors.New("ends with white space")
)

// checkText returns why s is not acceptable as a value of a subscriptions
// file (see above), or nil. Spaces inside a value are fine ("Acme Inc").
func checkText[T ~string | ~[]byte](s T) error {
	n := len(s)
	for i := 0; i < n; i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return checkRunes(string(s))
		}
	}
	if n > 0 && (s[0] == ' ' || s[n-1] == ' ') {
		return checkRunes(string(s))
	}
	return nil
}

// checkRunes is checkText of a value with a byte that is not printable
// ASCII or a space at either end.
func checkRunes(s string) error {
	if !utf8.ValidString(s) {
		return errNotUTF8
	}
	if strings.ContainsAny(s, "\r\n\u0085\u2028\u2029") {
		return errLineBreak
	}
	if strings.TrimSpace(s) == "" {
		return errBlank
	}
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
		return errLeadingSpace
	}
	if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(r) {
		return errTrailingSpace
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("contains the control character %U", r)
		}
	}
	return nil
}
