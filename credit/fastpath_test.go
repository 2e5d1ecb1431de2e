package credit

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

// fuzzBytes hands out small numbers from fuzz input, zeros when empty.
type fuzzBytes []byte

func (b *fuzzBytes) next(n int) int {
	if len(*b) == 0 || n <= 1 {
		return 0
	}
	v := int((*b)[0])
	*b = (*b)[1:]
	return v % n
}

// pick returns one of xs.
func pick[T any](b *fuzzBytes, xs ...T) T { return xs[b.next(len(xs))] }

// big returns a number below 256^k.
func (b *fuzzBytes) big(k int) int64 {
	var v int64
	for range k {
		v = v<<8 | int64(b.next(256))
	}
	return v
}

// fuzzCase builds a plan, a policy, an incident and subscriptions from
// data: every currency kind (0, 2 and 3 places, cash increments), every
// rule kind with multipliers, caps, minimums and rounding modes, monthly,
// quarterly and annual billing in several zones, anchors, mid-window
// starts and ends, seats, discounted and already credited charges,
// weighted and whole-minute downtime, both denominators.
func fuzzCase(data []byte) (Config, []Subscription) {
	b := fuzzBytes(data)
	zones := []string{"UTC", "America/New_York", "Europe/Berlin", "Asia/Tokyo", "Australia/Lord_Howe", "Asia/Kathmandu"}
	zone := func() *time.Location {
		loc, err := time.LoadLocation(pick(&b, zones...))
		if err != nil {
			panic(err)
		}
		return loc
	}
	amount := func(maxDigits, places int) decimal.Decimal {
		return decimal.New(b.big(maxDigits)%int64(1e12)*int64(pow10s[places].Int64())/int64(pow10s[places].Int64()), int32(-places))
	}
	cur := pick(&b, currency.USD, currency.JPY, currency.MustParseISO("KWD"), currency.CHF, currency.CAD, currency.MustParseISO("DKK"), currency.MustParseISO("IQD"), currency.EUR)
	pol := &sla.Policy{
		ID: "p", Version: pick(&b, "1", "2014-04"),
		Objective:   dec(pick(&b, "99.9", "99.95", "95", "99.99999", "100", "99.861111")),
		Window:      sla.Window{Kind: sla.WindowKind(b.next(2)), Zone: zone()},
		Weights:     map[rca.Level]decimal.Decimal{rca.PartialOutage: dec(pick(&b, "1", "0.3", "0.5", "0.123456789"))},
		Granularity: sla.Granularity(b.next(2)),
		MinDowntime: time.Duration(b.next(3)) * 5 * time.Minute,
		Denominator: sla.Denominator(b.next(2)),
	}
	if b.next(3) == 0 {
		pol.ClaimDeadline = sla.Deadline{Days: 30}
	}
	base := time.Date(2024, time.January, 25, 0, 0, 0, 0, time.UTC)
	inc := &rca.Incident{ID: "i1"}
	inc2 := &rca.Incident{ID: "i0"}
	for n := 1 + b.next(4); n > 0; n-- {
		s := base.Add(time.Duration(b.big(3)%(90*86400)) * time.Second)
		im := rca.Impact{Component: "app", Level: pick(&b, rca.MajorOutage, rca.PartialOutage), Start: s, End: s.Add(time.Duration(1+b.big(2)) * 7 * time.Second)}
		if b.next(2) == 0 {
			inc.Impacts = append(inc.Impacts, im)
		} else {
			inc2.Impacts = append(inc2.Impacts, im)
		}
	}
	incs := []*rca.Incident{inc}
	if len(inc2.Impacts) > 0 {
		incs = append(incs, inc2)
	}
	if len(inc.Impacts) == 0 {
		incs = incs[1:]
	}
	rule := Rule{
		Kind:       RuleKind(1 + b.next(4)),
		Multiplier: dec(pick(&b, "0", "1", "10", "2.5", "0.333333")),
		CapPercent: dec(pick(&b, "0", "100", "50", "33.333333", "0.000001")),
		Minimum:    dec(pick(&b, "0", "0", "0.10", "1", "0.000001")),
		Rounding:   Rounding(b.next(len(roundingNames))),
	}
	switch rule.Kind {
	case Tiered:
		lo, hi := dec(pick(&b, "99", "99.0", "98.5")), dec(pick(&b, "99.9", "99.99", "99.95"))
		rule.Tiers = sla.Tiers{{AtLeast: &lo, Below: &hi, Credit: dec("10")}, {Below: &lo, Credit: dec(pick(&b, "25", "33.3", "100"))}}
		rule.AllowGaps = true
	case Prorated:
		rule.BeyondAllowance = b.next(3) == 0
	case Stepped:
		rule.StepPercent = dec(pick(&b, "5", "2.5", "0.1", "100"))
		rule.Step = time.Duration(1+b.next(60)) * pick(&b, time.Minute, time.Second, 7*time.Second)
	case Fixed:
		rule.Amount = decimal.New(1+b.big(3), -int32(Digits(cur)))
	}
	if b.next(4) == 0 {
		rule.ClaimDeadline = &sla.Deadline{BillingCycles: 1 + b.next(3)}
	}
	plan := Plan{ID: "plan", Price: amount(5, b.next(7)), Currency: cur, Period: Period(b.next(3)), Rule: rule}
	if b.next(2) == 0 {
		plan.Zone = zone()
	}
	cfg := Config{Plans: []Plan{plan}, Policies: []*sla.Policy{pol}, Incidents: incs,
		From: base.AddDate(0, 0, 10), To: base.AddDate(0, 2+b.next(3), 10)}
	var subs []Subscription
	for k := 0; k < 3; k++ {
		sub := Subscription{ID: "s" + itoa(k), Customer: pick(&b, "", "c,1", `say "hi"`), Plan: "plan", Quantity: 1}
		switch b.next(4) {
		case 0:
		case 1:
			sub.From = base.AddDate(0, 0, -b.next(400))
		default:
			sub.From = base.Add(time.Duration(b.big(4)%(90*86400)-30*86400) * pick(&b, time.Second, time.Millisecond*1000003))
		}
		if b.next(3) == 1 {
			sub.Until = base.Add(time.Duration(20*86400+b.big(3)%(150*86400)) * time.Second)
			if !sub.From.IsZero() && !sub.Until.After(sub.From) {
				sub.Until = sub.From.Add(time.Hour)
			}
		}
		sub.AnchorDay = b.next(32)
		sub.Quantity = int64(pick(&b, 0, 1, 3, 1000000, 1000000000))
		if b.next(3) == 0 {
			d := amount(4, b.next(7))
			sub.Charged = &d
		}
		subs = append(subs, sub)
	}
	// The contract terms of issue 12 read the bytes after the older ones,
	// so the older seeds keep their meaning.
	pl := &cfg.Plans[0]
	r := &pl.Rule
	switch b.next(6) {
	case 1:
		*r = Rule{Kind: LostTime, Multiplier: r.Multiplier, CapPercent: r.CapPercent, Minimum: r.Minimum, Rounding: r.Rounding,
			PartialHours: PartialHours(b.next(3)), Rate: dec(pick(&b, "0", "0.5", "0.009"))}
	case 2:
		*r = Rule{Kind: PerInterval, Multiplier: r.Multiplier, CapPercent: r.CapPercent, Minimum: r.Minimum, Rounding: r.Rounding,
			Rate: dec(pick(&b, "0", "0.096"))}
		pol.Intervals = sla.IntervalRule{Length: pick(&b, time.Hour, 5*time.Minute), CountWhen: sla.MoreThan, Threshold: time.Minute, CountOnly: b.next(2) == 0}
	}
	if r.Rounding != Cash && b.next(3) == 0 {
		r.RoundingIncrement = decimal.New(int64(pick(&b, 1, 5, 10)), -int32(Digits(pl.Currency)))
	}
	if on := MinimumBasis(b.next(2)); !r.Minimum.IsZero() {
		r.MinimumOn = on // a basis without a minimum is refused
	}
	r.CapDays = pick(&b, 0, 0, 10, 90)
	pl.Proration = Proration(b.next(3))
	if pl.Proration == FixedDays {
		pl.ProrationDays = pick(&b, 0, 28, 31)
	}
	pl.EqualMonths = pl.Period != Monthly && b.next(2) == 0
	pl.FractionPlaces = pick(&b, 0, 0, 9, 2)
	if b.next(4) == 0 {
		r.PeriodCap = &PeriodCap{Per: pick(&b, Quarterly, Annual), Percent: dec(pick(&b, "10", "100", "0.5"))}
	}
	// Issue 12's counting terms on the policy, read after the rule's:
	// each span floored to whole minutes, fixed intervals that count
	// their down time (or only list it), and scheduled maintenance
	// excluded up to an allowance, beyond which it is downtime.
	switch b.next(4) {
	case 1:
		pol.Granularity = sla.FloorMinutes
	case 2:
		if pol.Intervals.Length == 0 {
			pol.Intervals = sla.IntervalRule{Length: pick(&b, 5*time.Minute, time.Hour), CountWhen: sla.IntervalCount(b.next(4))}
			if pol.Intervals.CountWhen >= sla.MoreThan {
				pol.Intervals.Threshold = pick(&b, time.Minute, pol.Intervals.Length-time.Minute)
			}
		}
	case 3:
		pol.Maintenance = sla.MaintenanceRule{MinNotice: pick(&b, 0, 48*time.Hour), Allowance: pick(&b, time.Minute, time.Hour, 10*time.Hour),
			AllowancePer: sla.AllowancePeriod(b.next(3))}
		for n := 1 + b.next(3); n > 0; n-- {
			s := base.Add(time.Duration(b.big(3)%(90*86400)) * time.Second)
			pol.Exclusions = append(pol.Exclusions, sla.Exclusion{Start: s, End: s.Add(time.Duration(1+b.big(2)) * 7 * time.Second),
				Maintenance: true, Announced: s.Add(-pick(&b, time.Hour, 72*time.Hour))})
		}
	}
	return cfg, subs
}

// modifierSeeds returns inputs of fuzzCase that, between them, give every
// value fuzzCase draws for each term of a rule (kind, multiplier, cap,
// minimum, rounding, beyond the allowance, and issue 12's terms), each
// currency and each billing period, and each of issue 12's counting terms
// of the policy: for each, the first of a fixed pseudo-random sequence of inputs
// that gives it. So plain go test compares the two paths on every
// modifier, and fuzzing starts from them, whatever fuzzCase's encoding
// becomes.
func modifierSeeds() [][]byte {
	r := rand.New(rand.NewPCG(19, 19))
	seen := map[string]bool{}
	var seeds [][]byte
	for range 4000 {
		data := make([]byte, 160) // enough for every draw of fuzzCase
		for i := range data {
			data[i] = byte(r.Uint32())
		}
		cfg, _ := fuzzCase(data)
		p, pol := cfg.Plans[0], cfg.Policies[0]
		rule := p.Rule
		added := false
		for _, k := range []string{
			"kind " + rule.Kind.String(), "multiplier " + rule.Multiplier.String(), "cap " + rule.CapPercent.String(),
			"minimum " + rule.Minimum.String(), "rounding " + rule.Rounding.String(), "beyond " + strconv.FormatBool(rule.BeyondAllowance),
			"currency " + p.Currency.String(), "period " + p.Period.String(),
			"granularity " + pol.Granularity.String(), "intervals " + pol.Intervals.CountWhen.String() + " " + strconv.FormatBool(pol.Intervals.Length > 0),
			"maintenance allowance " + strconv.FormatBool(pol.Maintenance.Allowance > 0),
			"increment " + strconv.FormatBool(!rule.RoundingIncrement.IsZero()), "minimum on " + rule.MinimumOn.String(),
			"cap days " + strconv.Itoa(rule.CapDays), "proration " + p.Proration.String(), "equal months " + strconv.FormatBool(p.EqualMonths),
			"fraction places " + strconv.Itoa(p.FractionPlaces), "period cap " + strconv.FormatBool(rule.PeriodCap != nil),
		} {
			if !seen[k] {
				seen[k] = true
				if !added {
					seeds, added = append(seeds, data), true
				}
			}
		}
	}
	return seeds
}

// lineText is a line in the form compared: every field as text, and the
// record LineWriter writes.
func lineText(l *Line) []string {
	return []string{
		l.Subscription, l.Customer, l.Plan, l.WindowStart.String(), l.WindowEnd.String(), l.Currency.String(),
		l.Charge.String(), l.Downtime.String(), l.Weighted.String(), l.Measured.String(), l.Availability.String(),
		l.Rule.String(), l.Band, l.Raw.String(), l.Multiplier.String(), itoa(int(l.Charge.Exponent())), itoa(int(l.Raw.Exponent())),
		itoa(int(l.Amount.Exponent())), l.Amount.String(), l.ClaimDeadline.String(), l.Explanation, l.Key,
		string(appendLine(nil, l)), strconv.FormatBool(l.Capped), strconv.FormatBool(l.BelowMinimum), l.Rounding.String(), fmtIncidents(l.Incidents),
	}
}

func fmtIncidents(ids []string) string {
	var b bytes.Buffer
	for _, id := range ids {
		b.WriteString(id)
		b.WriteByte(';')
	}
	return b.String()
}

// FuzzFastPathMatchesExact checks that the fast path (128-bit integer
// fractions from the meter's counts) and the exact path (math/big
// fractions from sla.Result) give the same lines, field by field and byte
// for byte as written, on random plans, policies, downtimes, currencies,
// rounding modes and subscriptions.
func FuzzFastPathMatchesExact(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 3, 10, 20, 30, 40, 50, 60, 70, 80, 2, 2, 1, 0, 0, 7, 3, 200, 100, 1, 2, 3, 4, 5, 6})
	f.Add([]byte{1, 1, 2, 3, 0, 1, 1, 2, 1, 0, 1, 2, 99, 9, 9, 9, 9, 9, 9, 9, 9, 9, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3})
	f.Add([]byte{2, 3, 1, 2, 1, 1, 0, 0, 1, 2, 1, 1, 4, 8, 15, 16, 23, 42, 3, 1, 3, 2, 2, 1, 4, 0, 1, 2, 1, 7, 7, 7, 7, 7, 7, 7, 7, 7})
	f.Add([]byte{3, 4, 2, 0, 0, 0, 1, 1, 1, 1, 2, 0, 200, 200, 200, 200, 200, 3, 4, 4, 3, 1, 2, 0, 0, 0, 5, 5, 5, 5, 5, 255, 255, 255, 255})
	f.Add([]byte{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5})
	f.Add([]byte{7, 6, 1, 4, 3, 1, 1, 1, 0, 1, 1, 3, 17, 34, 51, 68, 85, 102, 119, 2, 0, 0, 2, 1, 3, 2, 1, 0, 3, 1, 6, 1, 2, 1, 3, 4, 1, 2, 0, 1})
	for _, seed := range modifierSeeds() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, subs := fuzzCase(data)
		fast, err := NewCalculator(cfg)
		if err != nil {
			return // an invalid combination (a plan the fuzzer made up): nothing to compare
		}
		exact, err := NewCalculator(cfg)
		if err != nil {
			t.Fatal(err)
		}
		exact.exactOnly = true
		for _, sub := range subs {
			want, werr := exact.Credit(sub)
			got, gerr := fast.Credit(sub)
			if (werr == nil) != (gerr == nil) {
				t.Fatalf("%s: exact error %v, fast error %v", sub.ID, werr, gerr)
			}
			if len(got) != len(want) {
				t.Fatalf("%s: %d lines on the fast path, %d on the exact one", sub.ID, len(got), len(want))
			}
			for i := range want {
				if diff := cmp.Diff(lineText(&want[i]), lineText(&got[i])); diff != "" {
					t.Errorf("%s window %d: fast path differs from the exact path (-exact +fast):\n%s", sub.ID, i, diff)
				}
			}
			// The batch writes the fields of the fast path's result
			// itself (RunCSV): they must be those LineWriter writes.
			if werr != nil {
				continue
			}
			st := fast.plans[sub.Plan]
			sc := fast.subContext(st, &sub, new(fastArith))
			b := &lineComputer{c: fast, inactive: fast.newInactiveTable(), keys: newKeyHasher()}
			for i := range want {
				e := b.figures(st, &sc, i)
				wantRow := appendLine(nil, &want[i])
				gotRow := b.appendRow(nil, rowPrefix(nil, st, []byte(sub.ID), []byte(sub.Customer)), st, i, []byte(sub.ID), e, nil)
				if !bytes.Equal(wantRow, gotRow) {
					t.Errorf("%s window %d: the batch writes\n%s\nLineWriter writes\n%s", sub.ID, i, gotRow, wantRow)
				}
				if got := e.unsettled.amount.decimal(); !got.Equal(want[i].Amount) {
					t.Errorf("%s window %d: the batch counts %s, the line's amount is %s", sub.ID, i, got, want[i].Amount)
				}
			}
		}
	})
}

// TestFastPathTaken checks that the demo's subscriptions take the fast
// path, so that FuzzFastPathMatchesExact compares something.
func TestFastPathTaken(t *testing.T) {
	c := demoCalculator(t)
	w := new(work)
	n, fast := 0, 0
	for sub, err := range ReadSubscriptions(openTestdata(t, "subscriptions", "demo.csv"), ReadOptions{Zones: c.Zones()}) {
		if err != nil {
			t.Fatal(err)
		}
		st := c.plans[sub.Plan]
		sc := c.subContext(st, &sub, &w.fast)
		for i := range st.windows {
			st.window(w, &sc, i, &w.f)
			n++
			if w.f.fast {
				fast++
			}
		}
	}
	if fast != n {
		t.Errorf("%d of %d demo lines took the fast path, want all", fast, n)
	}
}

// TestAppendFixedTrimmed checks the number formats of the fast path
// against decimal's, which LineWriter writes.
func TestAppendFixedTrimmed(t *testing.T) {
	values := []int64{0, 1, 5, 10, 99, 100, 120, 52080_000000000, 500000000, -7, -1234500, 97990740740, 1<<62 - 1,
		1e18, 999999999999999999, math.MaxInt64, math.MinInt64}
	for k := int64(1); k < 1e18; k *= 7 {
		values = append(values, k, -k-3)
	}
	for k := int64(1); k <= 1e18; k *= 10 {
		values = append(values, k, k-1, k+1, -k) // where the number of digits changes
	}
	for _, units := range values {
		for _, places := range []int{0, 1, 2, 3, 6, 9, 10, 17, 18, 19} {
			d := decimal.New(units, int32(-places))
			if got, want := string(appendFixed(nil, units, places)), d.StringFixed(int32(places)); got != want {
				t.Errorf("appendFixed(%d, %d) = %q, want %q", units, places, got, want)
			}
			if got, want := string(appendTrimmed(nil, units, places)), d.String(); got != want {
				t.Errorf("appendTrimmed(%d, %d) = %q, want %q", units, places, got, want)
			}
			if got, want := string(appendFixed([]byte("x,"), units, places)), "x,"+d.StringFixed(int32(places)); got != want {
				t.Errorf("appendFixed after %q = %q, want %q", "x,", got, want)
			}
		}
	}
	for places := range 19 {
		if got, want := string(appendZero([]byte("x,"), places)), "x,"+decimal.Zero.StringFixed(int32(places)); got != want {
			t.Errorf("appendZero(%d) = %q, want %q", places, got, want)
		}
	}
}
