package credit

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/sla"
)

// FuzzReadSubscriptions: the reader never panics, yields only valid
// subscriptions or located *RowErrors, ends with at most one other error,
// and what it accepts survives a write and a second read unchanged.
func FuzzReadSubscriptions(f *testing.F) {
	f.Add([]byte("id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged\n" +
		"sub-1,c,p,2,2014-01-31,2014-05-01T00:00:00-04:00,31,12.50,1.00\n"))
	f.Add([]byte("plan_id,id\np,a\np,a\nq,b\n"))
	f.Add([]byte("id,plan_id,charged\na,p,\"1,5\"\nb,p,1e30\nc,p,\n"))
	f.Add([]byte("id,plan_id,active_from\na,p,2014-03-09 02:30\n"))
	f.Add([]byte("\ufeffid,plan_id\n\"a\nb\",p\n\"unterminated,p\n"))
	f.Add([]byte("id,customer_id,plan_id,quantity\nbad-\xff,c,p,\"1\n\"\n a,Caf\xe9,p, 2\nb,Acme Inc,p\t,\nc,\"x\ty\",q,  \n"))
	zones := map[string]*time.Location{"p": time.UTC, "q": nil}
	f.Fuzz(func(t *testing.T, data []byte) {
		var good []Subscription
		ended := false
		for sub, err := range ReadSubscriptions(bytes.NewReader(data), ReadOptions{File: "f.csv", Zones: zones}) {
			if ended {
				t.Fatal("yielded after a fatal error")
			}
			var re *RowError
			switch {
			case errors.As(err, &re):
				if re.Line < 2 || re.File != "f.csv" || re.Err == nil {
					t.Fatalf("row error without a location or reason: %+v", re)
				}
			case err != nil:
				ended = true
			default:
				if sub.ID == "" || (sub.Plan != "p" && sub.Plan != "q") || sub.Quantity < 0 || sub.Line < 2 {
					t.Fatalf("invalid subscription accepted: %+v", sub)
				}
				if !sub.From.IsZero() && !sub.Until.IsZero() && !sub.Until.After(sub.From) {
					t.Fatalf("until not after from: %+v", sub)
				}
				if validateSubscription(&sub) != nil {
					t.Fatalf("reader accepted what Credit refuses: %+v", sub)
				}
				good = append(good, sub)
			}
		}
		var buf bytes.Buffer
		w := NewSubscriptionWriter(&buf)
		for i := range good {
			if err := w.Write(&good[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		i := 0
		for sub, err := range ReadSubscriptions(&buf, ReadOptions{Zones: zones}) {
			if err != nil {
				t.Fatalf("written subscription refused: %v", err)
			}
			g := good[i]
			if sub.ID != g.ID || sub.Plan != g.Plan || sub.Quantity != g.Quantity || !sub.From.Equal(g.From) ||
				!sub.Until.Equal(g.Until) || sub.AnchorDay != g.AnchorDay ||
				(sub.Charged == nil) != (g.Charged == nil) || sub.Charged != nil && !sub.Charged.Equal(*g.Charged) {
				t.Fatalf("round trip changed %+v into %+v", g, sub)
			}
			i++
		}
		if i != len(good) {
			t.Fatalf("read back %d of %d subscriptions", i, len(good))
		}
	})
}

// FuzzParseAmount: an accepted amount is what decimal reads from the same
// text (the same coefficient and exponent), its places are the digits of
// its fraction without trailing zeros, and it passes checkAmount.
func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"15.00", "0", "1,5", "1e30", "-3", "999999999999.999999", "1000000000000", "0.0000001", ".5", "5.", "+1", " 1",
		"1.50", "12.340000", "0.10", "100.0"} { // trailing zeros: places counts the fraction without them
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseAmount(s)
		if err != nil {
			return
		}
		want, err := decimal.NewFromString(s)
		if err != nil || !want.Equal(d) || want.Exponent() != d.Exponent() {
			t.Fatalf("parseAmount(%q) = %s (exponent %d), decimal reads %s (exponent %d, %v)", s, d, d.Exponent(), want, want.Exponent(), err)
		}
		if p := len(strings.TrimRight(want.StringFixed(-want.Exponent()), "0")) - strings.IndexByte(want.StringFixed(-want.Exponent()), '.') - 1; want.Exponent() < 0 && !want.IsInteger() && p != places(d) {
			t.Fatalf("places(%s) = %d, want %d", d, places(d), p)
		}
		if err := checkAmount(d); err != nil {
			t.Fatalf("parseAmount(%q) accepted %s: %v", s, d, err)
		}
		if strings.ContainsAny(s, ",eE+-") {
			t.Fatalf("parseAmount(%q) accepted a sign, exponent or comma", s)
		}
	})
}

// FuzzParseQuantity: a quantity is read as strconv.ParseInt reads its
// digits, accepted from 1 to maxQuantity, and refused with the same
// reason from a string or from bytes.
func FuzzParseQuantity(f *testing.F) {
	for _, s := range []string{"1", "0", "77", "1000000000", "1000000001", "0000000000001", "99999999999999999999999", "-3", "1.5", "+1", " 1", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if s == "" {
			return // the reader calls it with a value
		}
		q, err := parseQuantity(s)
		qb, errb := parseQuantity([]byte(s))
		if fmt.Sprint(err) != fmt.Sprint(errb) || err == nil && q != qb {
			t.Fatalf("parseQuantity(%q) = %d, %v; of bytes %d, %v", s, q, err, qb, errb)
		}
		want, perr := strconv.ParseInt(s, 10, 64)
		digits := strings.Trim(s, "0123456789") == ""
		switch {
		case !digits && err == nil:
			t.Fatalf("parseQuantity(%q) accepted %d", s, q)
		case digits && perr == nil && want >= 1 && want <= maxQuantity && (err != nil || q != want):
			t.Fatalf("parseQuantity(%q) = %d, %v; want %d", s, q, err, want)
		case digits && (perr != nil || want > maxQuantity) && (err == nil || !strings.Contains(err.Error(), "absurdly large")):
			t.Fatalf("parseQuantity(%q) = %d, %v; want absurdly large", s, q, err)
		case digits && perr == nil && want == 0 && (err == nil || err.Error() != "must be at least 1"):
			t.Fatalf("parseQuantity(%q) = %d, %v; want at least 1", s, q, err)
		}
	})
}

// FuzzEvaluate: for any rule and window, the credit is non-negative, within
// the cap, in the currency's places, not
// issued when not greater than the minimum, and explained.
func FuzzEvaluate(f *testing.F) {
	// kind, charge cents, share num/den, downtime s,
	// measured s, step%, step min, amount cents, multiplier tenths, cap %,
	// minimum cents, rounding, currency.
	f.Add(uint8(Prorated), int64(1500), int64(1), int64(1), int64(52080), int64(2592000), int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), uint8(0), uint8(0))
	f.Add(uint8(Stepped), int64(10000), int64(1), int64(1), int64(7500), int64(2592000), int64(500), int64(30), int64(0), int64(0), int64(0), int64(0), uint8(0), uint8(0))
	f.Add(uint8(Tiered), int64(4500), int64(14), int64(31), int64(25920), int64(2592000), int64(0), int64(0), int64(0), int64(0), int64(0), int64(0), uint8(1), uint8(0))
	f.Add(uint8(Fixed), int64(200), int64(1), int64(1), int64(60), int64(2592000), int64(0), int64(0), int64(500), int64(20), int64(50), int64(100), uint8(2), uint8(3))
	f.Add(uint8(Prorated), int64(4900), int64(1), int64(1), int64(52080), int64(2592000), int64(0), int64(0), int64(0), int64(1000), int64(100), int64(30), uint8(2), uint8(3))
	for r := Down; r <= Floor; r++ { // the directed roundings, with a multiplier, a cap and a minimum
		f.Add(uint8(r%4), int64(1502), int64(7), int64(9), int64(52080), int64(2592000), int64(250), int64(30), int64(701), int64(25), int64(40), int64(31), uint8(r), uint8(r))
	}
	currencies := []currency.Unit{currency.USD, currency.JPY, currency.MustParseISO("KWD"), currency.CHF, currency.MustParseISO("IQD")}
	lo, hi := dec("99"), dec("99.9")
	tiers := sla.Tiers{{AtLeast: &lo, Below: &hi, Credit: dec("10")}, {Below: &lo, Credit: dec("25")}}
	f.Fuzz(func(t *testing.T, kind uint8, chargeCents, shareNum, shareDen, downS, overS, stepBP, stepMin, amountCents, multTenths, capPct, minCents int64, rounding, cur uint8) {
		abs := func(x, max int64) int64 {
			if x < 0 {
				x = -x
			}
			if x < 0 {
				x = 0
			}
			return x % (max + 1)
		}
		r := Rule{
			Kind:        RuleKind(kind%4 + 1),
			StepPercent: decimal.New(abs(stepBP, 10000), -2),
			Step:        time.Duration(abs(stepMin, 10000)) * time.Minute,
			Amount:      decimal.New(abs(amountCents, 1e12), -2),
			Multiplier:  decimal.New(abs(multTenths, 10000), -1),
			CapPercent:  decimal.New(abs(capPct, 100), 0),
			Minimum:     decimal.New(abs(minCents, 1e12), -2),
			Rounding:    Rounding(int(rounding) % len(roundingNames)),
		}
		den := abs(shareDen, 1e9) + 1
		charge := new(big.Rat).Mul(big.NewRat(abs(chargeCents, 1e14), 100), big.NewRat(abs(shareNum, den), den))
		over := time.Duration(abs(overS, 400*86400)) * time.Second
		down := time.Duration(abs(downS, int64(over/time.Second))) * time.Second
		u := currencies[int(cur)%len(currencies)]
		e := evalRule(&r, tiers, u, charge, measured(down, over))
		e.agree(t, false)
		out := &e.exact
		issued := out.amount.decimal()
		a := issued.Rat()
		switch {
		case a.Sign() < 0:
			t.Fatalf("negative credit %s", issued)
		case a.Cmp(capLimit(&r, charge)) > 0:
			t.Fatalf("credit %s above the cap", issued)
		case issued.Exponent() != -int32(Digits(u)):
			t.Fatalf("credit %s not in %s places", issued, u)
		case r.Minimum.Sign() > 0 && a.Sign() > 0 && issued.Cmp(r.Minimum) <= 0:
			t.Fatalf("credit %s issued though not greater than the minimum %s", issued, r.Minimum)
		}
		if e := string(out.expl); e == "" || strings.ContainsAny(e, "\n\r") {
			t.Fatalf("explanation %q is not one line", e)
		}
	})
}

// FuzzReadLines: the lines reader never panics, locates every refused row,
// and a line it accepts is written and read back unchanged.
func FuzzReadLines(f *testing.F) {
	header := strings.Join(LineColumns(), ",") + "\n"
	f.Add([]byte(header + "s1,c,p,2014-04-01T00:00:00-04:00,2014-05-01T00:00:00-04:00,USD,15.000000,52080,52080,2592000,97.9907407407,prorated,,0.301389,1,false,false,half_up,0.30,2014-05-31T00:00:00-04:00,i1;i2,k,\"15.00 USD × 52080 s ÷ 2592000 s = 0.301389… → 0.30 USD (half-up)\"\n"))
	f.Add([]byte(header + "s2,,p,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,JPY,0,0,0,0,100,tiered,,0,1,false,false,cash,0,,,k,\n"))
	f.Add([]byte("subscription_id\nx\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var good []Line
		for l, err := range ReadLines(bytes.NewReader(data), "f.csv") {
			var re *RowError
			switch {
			case errors.As(err, &re):
				if re.Line < 2 || re.Err == nil {
					t.Fatalf("row error without a location or reason: %+v", re)
				}
			case err != nil:
			default:
				good = append(good, l)
			}
		}
		var buf bytes.Buffer
		w := NewLineWriter(&buf)
		for i := range good {
			if err := w.Write(&good[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		i := 0
		for l, err := range ReadLines(&buf, "back.csv") {
			if err != nil {
				t.Fatalf("written line refused: %v\n%s", err, buf.String())
			}
			g := good[i]
			same := l.Subscription == g.Subscription && l.Plan == g.Plan && l.WindowStart.Equal(g.WindowStart) &&
				l.WindowEnd.Equal(g.WindowEnd) && l.Currency == g.Currency && l.Downtime == g.Downtime &&
				l.Measured == g.Measured && l.Weighted.Equal(g.Weighted) && l.Availability.Equal(g.Availability) &&
				l.Rule == g.Rule && l.Rounding == g.Rounding && l.Key == g.Key && l.Explanation == g.Explanation &&
				l.Capped == g.Capped && l.BelowMinimum == g.BelowMinimum && l.ClaimDeadline.Equal(g.ClaimDeadline)
			if !same {
				t.Fatalf("round trip changed %+v into %+v", g, l)
			}
			i++
		}
		if i != len(good) {
			t.Fatalf("read back %d of %d lines", i, len(good))
		}
	})
}
