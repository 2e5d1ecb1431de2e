// Package text checks the values the module copies from one file into
// another: the IDs and columns of subscriptions, ledgers and changes, and
// the IDs of policies and plans, which every credit line repeats.
package text

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The reasons Check gives.
var (
	ErrNotUTF8       = errors.New("not valid UTF-8")
	ErrLineBreak     = errors.New("contains a line break")
	ErrBlank         = errors.New("is only white space (leave it empty)")
	ErrLeadingSpace  = errors.New("begins with white space")
	ErrTrailingSpace = errors.New("ends with white space")
)

// Check returns why s is not acceptable as a value copied into the files
// the module writes, or nil: s must be UTF-8 without white space around it
// and without line breaks or other control characters. Such a value is
// almost always the mark of a broken export (a cell that swallowed the end
// of its line, a padded column, a file in another encoding), and a file
// written with it would show a terminal escape sequence, or be refused
// when read back (a lines file read as a ledger). Spaces inside a value
// are fine ("Acme Inc"); the empty string is for the caller to judge.
func Check(s string) error {
	if !utf8.ValidString(s) {
		return ErrNotUTF8
	}
	if strings.ContainsAny(s, "\r\n\u0085\u2028\u2029") {
		return ErrLineBreak
	}
	if s == "" {
		return nil
	}
	if strings.TrimSpace(s) == "" {
		return ErrBlank
	}
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
		return ErrLeadingSpace
	}
	if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(r) {
		return ErrTrailingSpace
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Errorf("contains the control character %U", r)
		}
	}
	return nil
}
