package credit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestDigits(t *testing.T) {
	tests := []struct {
		code string
		want int
	}{
		{"USD", 2}, {"EUR", 2}, {"JPY", 0}, {"KWD", 3}, {"BHD", 3}, {"CHF", 2},
		{"KRW", 0}, {"CLP", 0}, {"ISK", 0}, {"CLF", 4},
		// ISO 4217 wins over CLDR.
		{"IQD", 3}, {"IDR", 2}, {"COP", 2}, {"PKR", 2}, {"RSD", 2},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := Digits(currency.MustParseISO(tt.code)); got != tt.want {
				t.Errorf("Digits(%s) = %d, want %d", tt.code, got, tt.want)
			}
		})
	}
}

// TestISODigitsOverrides checks that every override still differs from
// x/text: an entry a newer CLDR agrees with should be deleted.
func TestISODigitsOverrides(t *testing.T) {
	for code, iso := range isoDigits {
		u, err := currency.ParseISO(code)
		if err != nil {
			t.Errorf("%s: x/text does not know it: %v", code, err)
			continue
		}
		if cldr, _ := currency.Standard.Rounding(u); cldr == iso {
			t.Errorf("%s: x/text now says %d digits like ISO 4217; delete the override", code, cldr)
		}
	}
}

// TestRound kills the mutants "IQD given 2 places instead of 3", "the cash
// increment ignored", "half-up ties sent down", "half-even ties reversed"
// and "ceiling rounding like floor", injected by hand.
func TestRound(t *testing.T) {
	tests := []struct {
		name   string
		amount string
		code   string
		mode   Rounding
		want   string
	}{
		{"usd half-up tie", "0.125", "USD", HalfUp, "0.13"},
		{"usd half-even tie down", "0.125", "USD", HalfEven, "0.12"},
		{"usd half-even tie up", "0.135", "USD", HalfEven, "0.14"},
		{"usd half-up below tie", "0.1249999", "USD", HalfUp, "0.12"},
		{"usd negative tie away from zero", "-0.125", "USD", HalfUp, "-0.13"},
		{"usd pads places", "3", "USD", HalfUp, "3.00"},
		{"jpy whole yen", "19.69", "JPY", HalfUp, "20"},
		{"jpy tie", "2.5", "JPY", HalfUp, "3"},
		{"jpy half-even tie", "2.5", "JPY", HalfEven, "2"},
		{"kwd fils", "0.2511574", "KWD", HalfUp, "0.251"},
		{"chf standard", "0.98453", "CHF", HalfUp, "0.98"},
		{"chf cash to 0.05", "0.98453", "CHF", Cash, "1.00"},
		{"chf cash down", "0.97", "CHF", Cash, "0.95"},
		{"chf cash tie up", "0.975", "CHF", Cash, "1.00"},
		{"cad cash", "1.02", "CAD", Cash, "1.00"},
		{"usd cash is standard", "0.125", "USD", Cash, "0.13"},
		{"iqd three places", "1.23456", "IQD", HalfUp, "1.235"},
		// Directed roundings, on both signs: down and up are towards and
		// away from zero, ceiling and floor towards +∞ and −∞.
		{"usd down", "0.129", "USD", Down, "0.12"},
		{"usd down negative", "-0.129", "USD", Down, "-0.12"},
		{"usd up", "0.121", "USD", Up, "0.13"},
		{"usd up negative", "-0.121", "USD", Up, "-0.13"},
		{"usd ceiling", "0.121", "USD", Ceiling, "0.13"},
		{"usd ceiling negative", "-0.129", "USD", Ceiling, "-0.12"},
		{"usd floor", "0.129", "USD", Floor, "0.12"},
		{"usd floor negative", "-0.121", "USD", Floor, "-0.13"},
		{"usd up exact stays", "0.12", "USD", Up, "0.12"},
		{"usd floor exact stays", "-0.12", "USD", Floor, "-0.12"},
		{"jpy up one ten-thousandth", "19.0001", "JPY", Up, "20"},
		{"kwd down", "0.2519999", "KWD", Down, "0.251"},
		{"idr two places", "1234.567", "IDR", HalfUp, "1234.57"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := currency.MustParseISO(tt.code)
			got := Round(dec(tt.amount), u, tt.mode)
			if got.StringFixed(int32(Digits(u))) != tt.want {
				t.Errorf("Round(%s %s, %s) = %s, want %s", tt.amount, tt.code, tt.mode, got, tt.want)
			}
			if got.Exponent() != -int32(Digits(currency.MustParseISO(tt.code))) {
				t.Errorf("Round(%s %s) has exponent %d, want %d", tt.amount, tt.code, got.Exponent(), -Digits(currency.MustParseISO(tt.code)))
			}
		})
	}
}

func TestAllocate(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		code    string
		weights []string
		want    []string
		method  Allocation
	}{
		{"100 over 3 equal", "100.00", "USD", []string{"1", "1", "1"}, []string{"33.34", "33.33", "33.33"}, LargestRemainder},
		{"200 over 3 equal", "200.00", "USD", []string{"1", "1", "1"}, []string{"66.67", "66.67", "66.66"}, LargestRemainder},
		{"largest remainder wins", "1.00", "USD", []string{"1", "2", "3"}, []string{"0.17", "0.33", "0.50"}, LargestRemainder},
		{"weights as charges", "10.00", "USD", []string{"15.00", "45.00", "0"}, []string{"2.50", "7.50", "0.00"}, LargestRemainder},
		{"yen", "100", "JPY", []string{"1", "1", "1"}, []string{"34", "33", "33"}, LargestRemainder},
		{"negative total", "-100.00", "USD", []string{"1", "1", "1"}, []string{"-33.34", "-33.33", "-33.33"}, LargestRemainder},
		{"one part", "5.55", "USD", []string{"7"}, []string{"5.55"}, LargestRemainder},
		{"kwd", "1.000", "KWD", []string{"1", "1", "1", "1", "1", "1", "1"}, []string{"0.143", "0.143", "0.143", "0.143", "0.143", "0.143", "0.142"}, LargestRemainder},
		// 100 cents over 1, 1, 5: shares 14.29, 14.29, 71.43 cents, rounded
		// down 14 + 14 + 71 = 99; the one cent left goes to the largest
		// remainder (0.43, the third part), or by Fowler to the first part.
		{"largest remainder over 1, 1, 5", "1.00", "USD", []string{"1", "1", "5"}, []string{"0.14", "0.14", "0.72"}, LargestRemainder},
		{"fowler over 1, 1, 5", "1.00", "USD", []string{"1", "1", "5"}, []string{"0.15", "0.14", "0.71"}, Fowler},
		// Fowler's own example: 5 cents over 3 and 7 is 1.5 → 1 and 3.5 → 3,
		// and the cent left over goes to the first: 0.02 and 0.03.
		{"fowler's 5 cents over 3 and 7", "0.05", "USD", []string{"3", "7"}, []string{"0.02", "0.03"}, Fowler},
		{"fowler 100 over 3 equal", "100.00", "USD", []string{"1", "1", "1"}, []string{"33.34", "33.33", "33.33"}, Fowler},
		// 1.00 over 0, 1, 1, 1: 33 + 33 + 33, one cent left: Fowler skips the
		// part of weight zero.
		{"fowler skips a zero weight", "1.00", "USD", []string{"0", "1", "1", "1"}, []string{"0.00", "0.34", "0.33", "0.33"}, Fowler},
		{"fowler negative total", "-1.00", "USD", []string{"1", "1", "5"}, []string{"-0.15", "-0.14", "-0.71"}, Fowler},
		// 10 over 1, 2, 2: 2 + 4 + 4: nothing left over.
		{"fowler exact shares", "10", "JPY", []string{"1", "2", "2"}, []string{"2", "4", "4"}, Fowler},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := make([]decimal.Decimal, len(tt.weights))
			for i, w := range tt.weights {
				ws[i] = dec(w)
			}
			got, err := Allocate(dec(tt.total), currency.MustParseISO(tt.code), ws, tt.method)
			if err != nil {
				t.Fatal(err)
			}
			sum := decimal.Zero
			gotS := make([]string, len(got))
			for i, g := range got {
				gotS[i] = g.StringFixed(int32(Digits(currency.MustParseISO(tt.code))))
				sum = sum.Add(g)
			}
			if diff := cmp.Diff(tt.want, gotS); diff != "" {
				t.Errorf("Allocate (-want +got):\n%s", diff)
			}
			if !sum.Equal(dec(tt.total)) {
				t.Errorf("parts sum to %s, want %s", sum, tt.total)
			}
		})
	}
}

func TestAllocateErrors(t *testing.T) {
	usd := currency.USD
	tests := []struct {
		name    string
		total   string
		weights []string
	}{
		{"no weights", "1.00", nil},
		{"negative weight", "1.00", []string{"1", "-1"}},
		{"zero sum", "1.00", []string{"0", "0"}},
		{"sub-cent total", "1.005", []string{"1"}},
	}
	for _, m := range []Allocation{Fowler + 1, 9} { // the first value past the last method, and one far past
		if _, err := Allocate(dec("1.00"), usd, []decimal.Decimal{dec("1")}, m); err == nil {
			t.Errorf("Allocate with the unknown method %d succeeded, want an error", m)
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := make([]decimal.Decimal, len(tt.weights))
			for i, w := range tt.weights {
				ws[i] = dec(w)
			}
			if _, err := Allocate(dec(tt.total), usd, ws, Fowler); err == nil {
				t.Error("Allocate succeeded, want an error")
			}
		})
	}
}
