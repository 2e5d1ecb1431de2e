package credit

import "github.com/outagekit/postmortem/internal/text"

// The text of subscriptions. Every value of a subscriptions file, and every
// ID of a Subscription, is UTF-8 without white space around it and without
// line breaks or other control characters. Such a value is almost always
// the mark of a broken export (a cell that swallowed the end of its line, a
// padded column, a file in another encoding), and guessing what it meant
// (trimming it, reading "1\n" as 1) would credit a subscription under an ID
// the billing system does not know, or copy bytes that are not text into
// the lines file. So the row is refused, with the reason, at its column
// (internal/text says why).

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
func checkRunes(s string) error { return text.Check(s) }
