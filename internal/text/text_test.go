package text

import (
	"errors"
	"testing"
)

func TestCheck(t *testing.T) {
	for _, tt := range []struct {
		name, s string
		want    string // the error's text; "" for nil
	}{
		{"empty is the caller's to judge", "", ""},
		{"spaces inside", "Acme Inc", ""},
		{"non-ASCII letters", "Société Générale", ""},
		{"invalid UTF-8", "a\xffb", ErrNotUTF8.Error()},
		{"a line feed", "a\nb", ErrLineBreak.Error()},
		{"a carriage return at the end", "ab\r", ErrLineBreak.Error()},
		{"a Unicode line separator", "a\u2028b", ErrLineBreak.Error()},
		{"only spaces", "   ", ErrBlank.Error()},
		{"a leading tab", "\tab", ErrLeadingSpace.Error()},
		{"a trailing no-break space", "ab\u00a0", ErrTrailingSpace.Error()},
		{"an escape sequence", "a\x1b[2Kb", "contains the control character U+001B"},
		{"a NUL", "a\x00b", "contains the control character U+0000"},
		{"a C1 control", "a\u009bb", "contains the control character U+009B"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.s)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Check(%q) = %v, want nil", tt.s, err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Errorf("Check(%q) = %v, want %q", tt.s, err, tt.want)
			}
		})
	}
	if !errors.Is(Check(" a"), ErrLeadingSpace) {
		t.Error("a leading space is not ErrLeadingSpace")
	}
}
