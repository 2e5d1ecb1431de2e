package rca

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxIDLength is the longest incident ID, in characters.
const MaxIDLength = 255

// idPunctuation are the characters an incident ID may hold besides letters
// and digits.
const idPunctuation = "-_.:/#"

// CheckID returns why id cannot be an incident ID, or nil. An incident ID
// is 1 to MaxIDLength characters: letters and digits of any script, and
// "-", "_", ".", ":", "/" and "#", starting with a letter or a digit
// ("INC-2025-0131", "constant-contact-2014-04-18", "PD:Q1W2E3").
//
// The alphabet keeps an ID what it is wherever it is copied: it holds no
// ";" (the separator of the incident IDs of a credit line, see
// credit.LineColumns), no comma, quote, white space or control character
// (which would break or forge a line of a CSV, a report or a terminal),
// and it never starts with a character a spreadsheet takes for a formula
// ("=", "+", "-", "@"). Validate and Load refuse an incident whose ID
// breaks it, and sla.Measure an incident built in Go.
func CheckID(id string) error {
	switch n := utf8.RuneCountInString(id); {
	case n == 0:
		return fmt.Errorf("missing")
	case n > MaxIDLength:
		return fmt.Errorf("is %d characters long, more than %d", n, MaxIDLength)
	case !utf8.ValidString(id):
		return fmt.Errorf("%q is not UTF-8 text", id)
	}
	for i, r := range id {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !ok && i == 0 {
			return fmt.Errorf("%q starts with %q: an incident id starts with a letter or a digit (a spreadsheet reads =, +, - and @ as a formula)", id, r)
		}
		if !ok && !strings.ContainsRune(idPunctuation, r) {
			return fmt.Errorf("%q holds %q: an incident id is letters, digits and %s", id, r, strings.Join(strings.Split(idPunctuation, ""), " "))
		}
	}
	return nil
}
