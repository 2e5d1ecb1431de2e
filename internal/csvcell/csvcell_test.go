package csvcell

import (
	"fmt"
	"testing"
)

func TestEncode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain id", "sub-0001", "sub-0001"},
		{"empty", "", ""},
		{"formula", `=HYPERLINK("http://evil.example","click")`, `'=HYPERLINK("http://evil.example","click")`},
		{"at formula", "@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
		{"plus formula", "+1+1", "'+1+1"},
		{"minus formula", "-2+3", "'-2+3"},
		{"minus word", "-foo", "'-foo"},
		{"tab first", "\t=1", "'\t=1"},
		{"carriage return first", "\r=1", "'\r=1"},
		{"line feed first", "\n=1", "'\n=1"},
		{"NUL first", "\x00=1", "'\x00=1"},
		{"a quote first", "'=1", "''=1"},
		{"a lone quote", "'", "''"},
		{"a quote before plain text", "'abc", "''abc"},
		{"negative number", "-1.50", "-1.50"},
		{"positive number", "+3", "+3"},
		{"lone sign", "-", "'-"},
		{"dot number", "-.5", "-.5"},
		{"two dots", "-1.2.3", "'-1.2.3"},
		{"formula later", "a=1+1", "a=1+1"},
		{"full-width equals sign", "＝1+1", "＝1+1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Encode(tt.in); got != tt.want {
				t.Errorf("Encode(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if got := string(Append([]byte("x,"), tt.in)); got != "x,"+tt.want {
				t.Errorf("Append(%q) = %q, want %q", tt.in, got, "x,"+tt.want)
			}
			if got := Decode(tt.want); got != tt.in {
				t.Errorf("Decode(%q) = %q, want %q", tt.want, got, tt.in)
			}
		})
	}
}

// FuzzRoundTrip checks that Decode undoes Encode for every value, and that
// an encoded value never starts with a formula character.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"", "=1", "'", "''=", "-1", "-1.5.", "+", "@", "\t", "a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := Encode(s)
		if got := Decode(enc); got != s {
			t.Fatalf("Decode(Encode(%q)) = %q", s, got)
		}
		if enc != "" && enc[0] != '\'' && trigger[enc[0]] && !isNumber(enc) {
			t.Fatalf("Encode(%q) = %q starts with %q", s, enc, enc[0])
		}
	})
}

func ExampleEncode() {
	fmt.Println(Encode(`=HYPERLINK("http://evil.example")`))
	fmt.Println(Encode("sub-0001"))
	fmt.Println(Encode("-12.50"))
	fmt.Println(Decode(Encode("=1+1")))
	// Output:
	// '=HYPERLINK("http://evil.example")
	// sub-0001
	// -12.50
	// =1+1
}
