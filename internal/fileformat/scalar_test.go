package fileformat

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/problem"
)

// scalars has one field of every scalar kind Decode supports.
type scalars struct {
	S    string           `yaml:"s"`
	B    bool             `yaml:"b"`
	I    int              `yaml:"i"`
	I8   int8             `yaml:"i8"`
	I64  int64            `yaml:"i64"`
	U8   uint8            `yaml:"u8"`
	U    uint             `yaml:"u"`
	Dec  decimal.Decimal  `yaml:"dec"`
	T    time.Time        `yaml:"t"`
	D    time.Duration    `yaml:"d"`
	Loc  *time.Location   `yaml:"loc"`
	Cur  currency.Unit    `yaml:"cur"`
	L    level            `yaml:"l"`
	Day  day              `yaml:"day"`
	PDec *decimal.Decimal `yaml:"pdec"`
	PL   *level           `yaml:"pl"`
}

func TestDecodeScalars(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	dec := decimal.RequireFromString
	ptr := func(d decimal.Decimal) *decimal.Decimal { return &d }
	lvl := func(l level) *level { return &l }
	tests := []struct {
		name string
		line string // one "field: value" line of YAML
		want scalars
		msg  string // the problem's message, when there is one
		col  int    // its column
	}{
		{name: "string plain", line: "s: hello world", want: scalars{S: "hello world"}},
		{name: "string from a number keeps the text", line: "s: 0.30", want: scalars{S: "0.30"}},
		{name: "string quoted", line: `s: "null"`, want: scalars{S: "null"}},
		{name: "string null is empty", line: "s: ~", want: scalars{}},
		{name: "string from a list", line: "s: [a]", msg: `want a string, got a list`, col: 4},
		{name: "bool true", line: "b: true", want: scalars{B: true}},
		{name: "bool title case", line: "b: True", want: scalars{B: true}},
		{name: "bool false", line: "b: FALSE", want: scalars{}},
		{name: "bool yes is not a bool", line: "b: yes", msg: `want true or false, got "yes"`, col: 4},
		{name: "int", line: "i: -42", want: scalars{I: -42}},
		{name: "int plus sign", line: "i: +7", want: scalars{I: 7}},
		{name: "int fraction", line: "i: 1.5", msg: `want a whole number, got "1.5"`, col: 4},
		{name: "int hex", line: "i: 0x10", msg: `want a whole number, got "0x10"`, col: 4},
		{name: "int underscore", line: "i: 1_000", msg: `want a whole number, got "1_000"`, col: 4},
		{name: "int8 max", line: "i8: 127", want: scalars{I8: 127}},
		{name: "int8 overflow", line: "i8: 128", msg: `"128" is out of range (-128 to 127)`, col: 5},
		{name: "int64 overflow", line: "i64: 9223372036854775808", msg: `"9223372036854775808" is out of range (-9223372036854775808 to 9223372036854775807)`, col: 6},
		{name: "uint8 overflow", line: "u8: 256", msg: `"256" is out of range (0 to 255)`, col: 5},
		{name: "uint negative", line: "u: -1", msg: `"-1" is out of range (0 to 18446744073709551615)`, col: 4},
		{name: "decimal", line: "dec: 99.9", want: scalars{Dec: dec("99.9")}},
		{name: "decimal trailing zeros", line: "dec: 0.30", want: scalars{Dec: dec("0.3")}},
		{name: "decimal quoted", line: `dec: "15.00"`, want: scalars{Dec: dec("15")}},
		{name: "decimal beyond float64 precision", line: "dec: 0.1000000000000000000000000001", want: scalars{Dec: dec("0.1000000000000000000000000001")}},
		{name: "decimal exponent", line: "dec: 1e30", want: scalars{Dec: dec("1000000000000000000000000000000")}},
		{name: "decimal leading point", line: "dec: .5", want: scalars{Dec: dec("0.5")}},
		{name: "decimal negative", line: "dec: -2.50", want: scalars{Dec: dec("-2.5")}},
		{name: "decimal hex", line: "dec: 0x1F", msg: `want a decimal number, got "0x1F" (hexadecimal, octal and binary are not allowed)`, col: 6},
		{name: "decimal NaN", line: "dec: NaN", msg: `want a finite decimal number, got "NaN"`, col: 6},
		{name: "decimal YAML infinity", line: "dec: .inf", msg: `want a finite decimal number, got ".inf"`, col: 6},
		{name: "decimal Inf", line: "dec: -Inf", msg: `want a finite decimal number, got "-Inf"`, col: 6},
		{name: "decimal comma", line: "dec: 1,5", msg: `want a decimal number, got "1,5" (write the decimal point as "." and no thousands separators)`, col: 6},
		{name: "decimal percent", line: "dec: 5%", msg: `want a decimal number, got "5%" (write the percentage without "%")`, col: 6},
		{name: "decimal word", line: "dec: ten", msg: `want a decimal number, got "ten"`, col: 6},
		{name: "decimal huge exponent", line: "dec: 1e999999999", msg: `"1e999999999" has too many digits (at most 1000)`, col: 6},
		{name: "time RFC 3339", line: "t: 2014-04-18T14:32:00Z", want: scalars{T: time.Date(2014, 4, 18, 14, 32, 0, 0, time.UTC)}},
		{name: "time local in the zone", line: "t: 2014-04-18 10:32", want: scalars{T: time.Date(2014, 4, 18, 10, 32, 0, 0, ny)}},
		{name: "time impossible date", line: "t: 2014-02-30", msg: `invalid time "2014-02-30": February 2014 has 28 days`, col: 4},
		{name: "time in the gap", line: "t: 2014-03-09T02:30", msg: `invalid time "2014-03-09T02:30": this local time does not exist in America/New_York (the clocks moved forward): write it with an offset`, col: 4},
		{name: "duration", line: "d: 14h28m", want: scalars{D: 14*time.Hour + 28*time.Minute}},
		{name: "duration days", line: "d: 1d12h", want: scalars{D: 36 * time.Hour}},
		{name: "duration without unit", line: "d: 30", msg: `invalid duration "30": missing unit: write "s", "m", "h" or "d" after the number`, col: 4},
		{name: "duration negative", line: "d: -5m", msg: `invalid duration "-5m": must not be negative`, col: 4},
		{name: "zone", line: "loc: Europe/London", want: scalars{Loc: mustZone(t, "Europe/London")}},
		{name: "zone unknown", line: "loc: Mars/Olympus", msg: `unknown time zone "Mars/Olympus" (want an IANA name such as "America/New_York")`, col: 6},
		{name: "zone Local refused", line: "loc: Local", msg: `want an IANA zone name such as "America/New_York", got "Local"`, col: 6},
		{name: "currency", line: "cur: USD", want: scalars{Cur: currency.USD}},
		{name: "currency lower case", line: "cur: jpy", want: scalars{Cur: currency.JPY}},
		{name: "currency unknown", line: "cur: ABC", msg: `unknown currency "ABC" (want an ISO 4217 code such as "USD")`, col: 6},
		{name: "currency malformed", line: "cur: dollars", msg: `unknown currency "dollars" (want an ISO 4217 code such as "USD")`, col: 6},
		{name: "enum", line: "l: partial_outage", want: scalars{L: 2}},
		{name: "enum unknown keeps its message", line: "l: down", msg: `unknown level "down"`, col: 4},
		{name: "enum from a mapping", line: "l: {a: b}", msg: `want a single value, got a mapping`, col: 4},
		{name: "text struct", line: "day: 2014-05-19", want: scalars{Day: day{2014, 5, 19}}},
		{name: "text struct error", line: "day: 19/05/2014", msg: `not a date: want "2006-01-02"`, col: 6},
		{name: "pointer to decimal", line: "pdec: 0", want: scalars{PDec: ptr(decimal.Zero)}},
		{name: "pointer null stays nil", line: "pdec: null", want: scalars{}},
		{name: "pointer to enum", line: "pl: major_outage", want: scalars{PL: lvl(3)}},
		{name: "pointer failing stays nil", line: "pl: nope", msg: `unknown level "nope"`, col: 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got scalars
			_, err := Decode("s.yaml", []byte("# scalars\n"+tt.line+"\n"), &got, Options{Zone: ny})
			var want []problem.Problem
			if tt.msg != "" {
				path, _, _ := cut(tt.line)
				want = []problem.Problem{{File: "s.yaml", Line: 2, Column: tt.col, Path: path, Msg: tt.msg}}
			}
			if diff := cmp.Diff(want, problemsOf(t, err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, got, valueOpts); diff != "" {
				t.Errorf("value (-want +got):\n%s", diff)
			}
		})
	}
}

func cut(line string) (string, string, bool) {
	for i := range len(line) {
		if line[i] == ':' {
			return line[:i], line[i+1:], true
		}
	}
	return line, "", false
}
