package fixed

import "math/bits"

// Divisions by 128-bit divisors, for fractions whose denominators outgrow
// 64 bits (a share of billing periods measured to the microsecond, times a
// charge, times a downtime ratio): QuoRem128 divides a 256-bit product,
// Quo a U128, and GCD128 reduces a fraction of U128s. Each is long
// division in 64-bit digits (Knuth's algorithm D), one quotient digit per
// step of div3by2.

// Lsh returns x << s for s < 128.
func (x U128) Lsh(s uint) U128 {
	switch {
	case s == 0:
		return x
	case s >= 64:
		return U128{x.Lo << (s - 64), 0}
	}
	return U128{x.Hi<<s | x.Lo>>(64-s), x.Lo << s}
}

// Rsh returns x >> s for s < 128.
func (x U128) Rsh(s uint) U128 {
	switch {
	case s == 0:
		return x
	case s >= 64:
		return U128{0, x.Hi >> (s - 64)}
	}
	return U128{x.Hi >> s, x.Lo>>s | x.Hi<<(64-s)}
}

// TrailingZeros returns the number of trailing zero bits of x; 128 for 0.
func (x U128) TrailingZeros() uint {
	if x.Lo != 0 {
		return uint(bits.TrailingZeros64(x.Lo))
	}
	return 64 + uint(bits.TrailingZeros64(x.Hi))
}

// div3by2 divides the three digits u2:u1:u0 by the normalized two digits
// v1:v0 (the top bit of v1 set), when u2:u1 < v1:v0 so that the quotient
// is one digit, and returns it and the remainder r1:r0.
//
// The estimate from the top digits, q̂ = u2:u1 ÷ v1 with remainder r̂, is
// at most two too large; it is lowered while q̂·v0 > r̂:u0, which holds
// exactly when q̂·v > u (q̂·v = (u2:u1 − r̂)·2^64 + q̂·v0), so the loop ends
// on the quotient itself: once r̂ reaches 2^64 the test cannot hold any
// more (q̂·v0 < 2^128 ≤ r̂:u0). Knuth's final correction (adding v back
// when u − q̂·v borrows) is never needed with a two-digit divisor.
func div3by2(u2, u1, u0, v1, v0 uint64) (q, r1, r0 uint64) {
	var rhat uint64
	overflow := false
	if u2 >= v1 { // u2 == v1: the estimate would not fit a digit
		q = ^uint64(0)
		var c uint64
		rhat, c = bits.Add64(u1, v1, 0)
		overflow = c != 0
	} else {
		q, rhat = bits.Div64(u2, u1, v1)
	}
	for !overflow {
		ph, pl := bits.Mul64(q, v0)
		if ph < rhat || ph == rhat && pl <= u0 {
			break
		}
		q--
		var c uint64
		rhat, c = bits.Add64(rhat, v1, 0)
		overflow = c != 0
	}
	// u − q·v fits in two digits.
	ph, pl := bits.Mul64(q, v0)
	_, ql := bits.Mul64(q, v1)
	m1, _ := bits.Add64(ph, ql, 0)
	r0, b := bits.Sub64(u0, pl, 0)
	r1, _ = bits.Sub64(u1, m1, b)
	return q, r1, r0
}

// QuoRem128 returns x ÷ d and x mod d for d > 0, and whether the quotient
// fits in 64 bits (when it does not, q and r are 0).
func (x U256) QuoRem128(d U128) (q uint64, r U128, ok bool) {
	if d.Hi == 0 {
		q, r64, ok := x.QuoRem64(d.Lo)
		if !ok {
			return 0, U128{}, false
		}
		return q, From64(r64), true
	}
	// The quotient fits in 64 bits iff x < d·2^64.
	if x[3] != 0 || (U128{x[2], x[1]}).Cmp(d) >= 0 {
		return 0, U128{}, false
	}
	s := uint(bits.LeadingZeros64(d.Hi))
	v := d.Lsh(s)
	// x << s: three digits and the bits shifted out of the top, which
	// x[2]:x[1] < d keeps within u2.
	u2, u1, u0 := x[2], x[1], x[0]
	if s > 0 {
		u2, u1, u0 = u2<<s|u1>>(64-s), u1<<s|u0>>(64-s), u0<<s
	}
	q, r1, r0 := div3by2(u2, u1, u0, v.Hi, v.Lo)
	return q, U128{r1, r0}.Rsh(s), true
}

// Quo returns x ÷ d and x mod d for d > 0.
func (x U128) Quo(d U128) (q, r U128) {
	if d.Hi == 0 {
		q, r64 := x.DivMod64(d.Lo)
		return q, From64(r64)
	}
	q64, r, _ := U256{x.Lo, x.Hi}.QuoRem128(d) // x < 2^128 ≤ d·2^64
	return From64(q64), r
}

// GCD128 returns the greatest common divisor of a and b (binary GCD);
// GCD128(0, b) is b.
func GCD128(a, b U128) U128 {
	if a.Is64() && b.Is64() {
		return From64(GCD(a.Lo, b.Lo))
	}
	if a.IsZero() {
		return b
	}
	if b.IsZero() {
		return a
	}
	shift := min(a.TrailingZeros(), b.TrailingZeros())
	a = a.Rsh(a.TrailingZeros())
	for !b.IsZero() {
		if a.Is64() && b.Is64() {
			return From64(GCD(a.Lo, b.Lo)).Lsh(shift)
		}
		b = b.Rsh(b.TrailingZeros())
		if a.Cmp(b) > 0 {
			a, b = b, a
		}
		b = b.Sub(a)
	}
	return a.Lsh(shift)
}
