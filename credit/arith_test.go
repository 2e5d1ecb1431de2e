package credit

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/outagekit/postmortem/internal/fixed"
)

// fastOperand returns fastRats of every size from r: small fractions,
// whole numbers, values with 64-bit and 128-bit numerators and
// denominators, and zero.
func fastOperand(r *rand.Rand) fastRat {
	word := func() uint64 {
		switch r.IntN(4) {
		case 0:
			return r.Uint64N(10) + 1
		case 1:
			return r.Uint64N(1e6) + 1
		case 2:
			return r.Uint64N(1<<40) + 1
		}
		return r.Uint64() | 1
	}
	x := ratFrac(word(), word())
	switch r.IntN(8) {
	case 0:
		x.n.Hi = r.Uint64N(1 << 20)
	case 1:
		x.d.Hi = r.Uint64N(1<<20) + 1
	case 2:
		x.n = fixed.U128{}
	}
	return x
}

// TestFastArithMatchesBigRat holds every operation of the 128-bit
// arithmetic to math/big.Rat: a result is exact, or the operation says it
// failed (and the window is then computed with math/big); never a wrong
// value. The roundings, the number forms and the explanation's digits are
// held to bigArith's, which TestRound and the rule tests hold to written
// values.
//
// It kills the mutants "half-even ties reversed in the 128-bit rounding"
// and "whole steps counted instead of started ones in the 128-bit
// ceiling", injected by hand.
func TestFastArithMatchesBigRat(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	steps := []step{{2, 1, 2}, {0, 1, 0}, {3, 1, 3}, {2, 5, 2}, {1, 5, 2}, {6, 1, 6}}
	failed := 0
	for i := range 20000 {
		x, y := fastOperand(r), fastOperand(r)
		if i%4 == 0 {
			// A tie of a rounding step: an odd number of half quanta
			// (0.125 to cents, 2.5 coins of 0.05).
			s := steps[r.IntN(len(steps))]
			x = ratFrac((2*r.Uint64N(1000)+1)*uint64(s.increment), 2*fixed.Pow10(s.digits))
		}
		if i%16 == 1 {
			y = x // equal operands: x − x is 0, x ÷ x is 1
		}
		bx, by := x.rat(), y.rat()
		// small reports whether a value and the operands are fractions of
		// 32-bit integers: the 128-bit arithmetic must answer those itself
		// (falling back on them would only cost time, which no comparison
		// of values sees).
		small := func(r *big.Rat) bool {
			fits := func(q *big.Rat) bool { return q.Num().BitLen() <= 32 && q.Denom().BitLen() <= 32 }
			return fits(r) && fits(bx) && fits(by)
		}
		check := func(op string, got fastRat, a *fastArith, want *big.Rat) {
			t.Helper()
			if a.failed {
				if small(want) && x.n.Is64() && x.d.Is64() && y.n.Is64() && y.d.Is64() && x.n.Lo < 1<<32 && x.d.Lo < 1<<32 && y.n.Lo < 1<<32 && y.d.Lo < 1<<32 {
					t.Fatalf("case %d: %s(%s, %s) = %s failed in 128 bits", i, op, bx.RatString(), by.RatString(), want.RatString())
				}
				failed++
				return
			}
			if got.rat().Cmp(want) != 0 {
				t.Fatalf("case %d: %s(%s, %s) = %s, want %s", i, op, bx.RatString(), by.RatString(), got.rat().RatString(), want.RatString())
			}
		}
		var a fastArith
		check("mul", a.mul(x, y), &a, new(big.Rat).Mul(bx, by))
		a = fastArith{}
		check("add", a.add(x, y), &a, new(big.Rat).Add(bx, by))
		if by.Sign() != 0 {
			a = fastArith{}
			check("quo", a.quo(x, y), &a, new(big.Rat).Quo(bx, by))
		}
		a = fastArith{}
		diff := a.sub(x, y)
		if bx.Cmp(by) < 0 {
			if !a.failed {
				t.Fatalf("case %d: sub(%s, %s) is negative, yet did not fail", i, bx.RatString(), by.RatString())
			}
		} else {
			check("sub", diff, &a, new(big.Rat).Sub(bx, by))
		}
		var b bigArith
		if got, want := a.cmp(x, y), bx.Cmp(by); got != want {
			t.Fatalf("case %d: cmp(%s, %s) = %d, want %d", i, bx.RatString(), by.RatString(), got, want)
		}
		a = fastArith{}
		if c := a.ceil(x); !a.failed && c != b.ceil(fracOf(bx)) {
			t.Fatalf("case %d: ceil(%s) = %d, want %d", i, bx.RatString(), c, b.ceil(fracOf(bx)))
		}
		for _, s := range steps {
			for mode := halfUp; mode <= floor; mode++ {
				a = fastArith{}
				got := a.round(x, s, mode)
				want := b.round(fracOf(bx), s, mode)
				if !a.failed && got.rat().Cmp(want.rat()) != 0 {
					t.Fatalf("case %d: round(%s, %+v, %d) = %s, want %s", i, bx.RatString(), s, mode, got.rat().RatString(), want.rat().RatString())
				}
				if a.failed {
					continue
				}
				if g, w := a.number(got, s.places), b.number(want, s.places); !a.failed && !g.decimal().Equal(w.decimal()) {
					t.Fatalf("case %d: number(%s) = %s, want %s", i, want.rat().RatString(), g.decimal(), w.decimal())
				}
			}
		}
		a = fastArith{}
		if g, w := a.display(x), b.display(fracOf(bx)); !a.failed && !g.decimal().Equal(w.decimal()) {
			t.Fatalf("case %d: display(%s) = %s, want %s", i, bx.RatString(), g.decimal(), w.decimal())
		}
		for _, minPlaces := range []int{0, 2, 3} {
			a = fastArith{}
			if g, w := a.appendFrac(nil, x, minPlaces), b.appendFrac(nil, fracOf(bx), minPlaces); !a.failed && string(g) != string(w) {
				t.Fatalf("case %d: appendFrac(%s, %d) = %q, want %q", i, bx.RatString(), minPlaces, g, w)
			}
		}
	}
	// Failing is the exception the fallback pays for, not the rule.
	t.Logf("%d operations failed", failed)
	if failed > 20000 {
		t.Errorf("%d operations failed: the 128-bit arithmetic answers too rarely to be worth it", failed)
	}
}

// TestFastArithFromDecimal: decimals convert exactly, or fail for a value
// a fastRat cannot hold (negative, more than 18 digits).
func TestFastArithFromDecimal(t *testing.T) {
	for _, s := range []string{"0", "15.00", "0.000001", "999999999999.999999", "1e18", "123456789012345678", "-1", "1e30", "1234567890123456789", "0.0000000000000000001"} {
		var a fastArith
		d := dec(s)
		got := a.fromDecimal(d)
		fits := d.Sign() >= 0 && d.NumDigits() <= 18 && d.Exponent() >= -18 && d.Exponent() <= 18
		if a.failed == fits {
			t.Errorf("fromDecimal(%s) failed = %v, want %v", s, a.failed, !fits)
			continue
		}
		if !a.failed && got.rat().Cmp(d.Rat()) != 0 {
			t.Errorf("fromDecimal(%s) = %s", s, got.rat().RatString())
		}
	}
}

// FuzzFastArith: any operation of the 128-bit arithmetic on any operands
// gives math/big.Rat's exact result or says it failed; its roundings agree
// with bigArith's.
func FuzzFastArith(f *testing.F) {
	f.Add(uint64(15), uint64(0), uint64(1), uint64(217), uint64(0), uint64(10800), uint8(0))
	f.Add(uint64(1), uint64(0), uint64(8), uint64(3), uint64(0), uint64(1), uint8(1))
	f.Add(uint64(5), uint64(1), uint64(2), uint64(1), uint64(0), uint64(1<<63), uint8(2))
	f.Add(uint64(0), uint64(0), uint64(7), uint64(1)<<63, uint64(3), uint64(9), uint8(3))
	f.Fuzz(func(t *testing.T, xn, xhi, xd, yn, yhi, yd uint64, mode uint8) {
		if xd == 0 || yd == 0 {
			return
		}
		x := fastRat{fixed.U128{Hi: xhi, Lo: xn}, fixed.From64(xd)}
		y := fastRat{fixed.U128{Hi: yhi, Lo: yn}, fixed.From64(yd)}
		bx, by := x.rat(), y.rat()
		for _, op := range []struct {
			name string
			f    func(*fastArith) fastRat
			want func() *big.Rat
		}{
			{"mul", func(a *fastArith) fastRat { return a.mul(x, y) }, func() *big.Rat { return new(big.Rat).Mul(bx, by) }},
			{"add", func(a *fastArith) fastRat { return a.add(x, y) }, func() *big.Rat { return new(big.Rat).Add(bx, by) }},
			{"quo", func(a *fastArith) fastRat { return a.quo(x, y) }, func() *big.Rat {
				if by.Sign() == 0 {
					return nil
				}
				return new(big.Rat).Quo(bx, by)
			}},
			{"sub", func(a *fastArith) fastRat { return a.sub(x, y) }, func() *big.Rat {
				if bx.Cmp(by) < 0 {
					return nil
				}
				return new(big.Rat).Sub(bx, by)
			}},
		} {
			var a fastArith
			got, want := op.f(&a), op.want()
			switch {
			case want == nil && !a.failed:
				t.Fatalf("%s(%s, %s) has no value, yet did not fail", op.name, bx.RatString(), by.RatString())
			case want != nil && !a.failed && got.rat().Cmp(want) != 0:
				t.Fatalf("%s(%s, %s) = %s, want %s", op.name, bx.RatString(), by.RatString(), got.rat().RatString(), want.RatString())
			}
		}
		var a fastArith
		var b bigArith
		s := []step{{2, 1, 2}, {0, 1, 0}, {3, 1, 3}, {2, 5, 2}}[mode%4]
		m := roundMode(mode/4) % (floor + 1)
		if got, want := a.round(x, s, m), b.round(fracOf(bx), s, m); !a.failed && got.rat().Cmp(want.rat()) != 0 {
			t.Fatalf("round(%s, %+v, %d) = %s, want %s", bx.RatString(), s, m, got.rat().RatString(), want.rat().RatString())
		}
		a = fastArith{}
		if g, w := a.appendFrac(nil, x, 2), b.appendFrac(nil, fracOf(bx), 2); !a.failed && string(g) != string(w) {
			t.Fatalf("appendFrac(%s) = %q, want %q", bx.RatString(), g, w)
		}
	})
}

// TestAppendFracWhole: whole numbers, which appendFrac writes without
// dividing, are written as bigArith writes them, up to the largest the
// fast path holds in units of 10^-6, and past it the fast path fails.
func TestAppendFracWhole(t *testing.T) {
	for _, n := range []uint64{0, 1, 9, 10, 3600, 2592000, 31622400, maxWholeDisplayed - 1, maxWholeDisplayed, maxWholeDisplayed + 1, 1 << 62} {
		for minPlaces := range displayPlaces + 1 {
			var a fastArith
			var b bigArith
			got := a.appendFrac(nil, ratInt(n), minPlaces)
			if fails := n > maxWholeDisplayed; a.failed != fails {
				t.Errorf("appendFrac(%d, %d) failed = %t, want %t", n, minPlaces, a.failed, fails)
				continue
			}
			if want := b.appendFrac(nil, fracOf(new(big.Rat).SetUint64(n)), minPlaces); !a.failed && string(got) != string(want) {
				t.Errorf("appendFrac(%d, %d) = %q, want %q", n, minPlaces, got, want)
			}
		}
	}
}
