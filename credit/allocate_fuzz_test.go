package credit

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// FuzzAllocate holds both allocation methods to their contract on random
// totals and weights: the parts sum to the total; each part is its exact
// share rounded down to the cent, or one cent more; a part of weight zero
// gets nothing; and the extra cents go where the method says: by Fowler to
// the first parts of positive weight, by largest remainder to parts whose
// remainders are at least those of every part without one.
func FuzzAllocate(f *testing.F) {
	f.Add(int64(100), []byte{1, 1, 5})
	f.Add(int64(5), []byte{3, 7})
	f.Add(int64(-12345), []byte{0, 9, 0, 250, 3, 3})
	f.Fuzz(func(t *testing.T, cents int64, ws []byte) {
		if len(ws) == 0 || len(ws) > 64 {
			return
		}
		weights := make([]decimal.Decimal, len(ws))
		sum := int64(0)
		for i, w := range ws {
			weights[i] = decimal.NewFromInt(int64(w))
			sum += int64(w)
		}
		if sum == 0 {
			return
		}
		total := decimal.New(cents, -2)
		abs := new(big.Int).Abs(big.NewInt(cents))
		for _, method := range []Allocation{LargestRemainder, Fowler} {
			parts, err := Allocate(total, currency.USD, weights, method)
			if err != nil {
				t.Fatalf("%s: %v", method, err)
			}
			got := decimal.Zero
			extra := make([]bool, len(parts))
			rems := make([]*big.Rat, len(parts))
			for i, p := range parts {
				got = got.Add(p)
				// share = |cents| × w ÷ sum cents, as ⌊share⌋ and remainder.
				num := new(big.Int).Mul(abs, big.NewInt(int64(ws[i])))
				q, r := new(big.Int).QuoRem(num, big.NewInt(sum), new(big.Int))
				rems[i] = new(big.Rat).SetFrac(r, big.NewInt(sum))
				unit := p.Abs().Shift(2).BigInt()
				switch new(big.Int).Sub(unit, q).Int64() {
				case 0:
				case 1:
					extra[i] = true
				default:
					t.Fatalf("%s: part %d is %s, its share is %s cents and a remainder", method, i, p, q)
				}
				if ws[i] == 0 && !p.IsZero() {
					t.Fatalf("%s: part %d of weight zero got %s", method, i, p)
				}
				if p.Sign()*total.Sign() < 0 {
					t.Fatalf("%s: part %d is %s for a total of %s", method, i, p, total)
				}
			}
			if !got.Equal(total) {
				t.Fatalf("%s: parts sum to %s, want %s", method, got, total)
			}
			for i := range parts {
				for j := range parts {
					if !extra[i] || extra[j] || ws[j] == 0 {
						continue
					}
					switch method {
					case Fowler:
						if j < i {
							t.Fatalf("fowler: part %d got a leftover cent before part %d", i, j)
						}
					case LargestRemainder:
						if c := rems[i].Cmp(rems[j]); c < 0 || c == 0 && j < i {
							t.Fatalf("largest remainder: part %d (remainder %s) got a cent, part %d (remainder %s) did not", i, rems[i], j, rems[j])
						}
					}
				}
			}
		}
	})
}
