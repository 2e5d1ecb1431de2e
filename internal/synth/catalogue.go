package synth

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/outagekit/postmortem/internal/fixed"
)

// Catalogue describes the inputs of a credits run shaped like a real
// billing export rather than like the demo: a catalogue of many plans in
// many currencies (every rule kind and modifier, monthly, quarterly and
// annual billing, billing zones of their own), several monthly windows,
// incidents spread over them, and subscriptions that share little: each
// started at an instant of its own (to the second, millisecond or
// microsecond), with seat counts and discounted charges drawn from wide
// ranges, and a part of them starting or ending inside the windows. The
// zero value of a field means its documented default. A Catalogue is a
// plain value whose methods only read it: safe for concurrent use.
//
// Its files are what the credits command reads: PlansFile, PolicyFile and
// IncidentFiles, then the subscriptions from Rows (or CSV, WriteCSV). The
// same Catalogue always gives the same bytes.
//
// How much of a run a figure cache can serve depends on these shapes, so
// the proportions are options rather than constants: a benchmark names the
// Catalogue it measured.
type Catalogue struct {
	// Seed selects the pseudo-random sequence of the plans, incidents and
	// rows.
	Seed uint64
	// Plans is the number of plans (default 50); plan i is billed in
	// currency i mod Currencies.
	Plans int
	// Currencies is the number of currencies used, from a fixed list of
	// twelve with 0, 2 and 3 decimal places and a cash-rounded one
	// (default 10).
	Currencies int
	// Windows is the number of calendar-month windows measured, in UTC,
	// from Start (default 3).
	Windows int
	// Start is the start of the first window; the zero value means
	// 2025-01-01T00:00:00Z. It is truncated to the start of its month in
	// UTC.
	Start time.Time
	// Precision is that of the instants in active_from and active_until.
	Precision Precision
	// Incidents is the number of incidents, spread over the windows
	// (default 20; each has one to three impacts).
	Incidents int
	// Seated is the percent of subscriptions with more than one seat:
	// 2 to 2,000, drawn log-uniformly (default 60; -1 means none).
	Seated int
	// Discounted is the percent of subscriptions with a charged amount of
	// their own: the list price times the seats less a discount of 1% to
	// 60%, to the currency's minor unit (default 30; -1 means none).
	Discounted int
	// Partial is the percent of subscriptions that started inside the
	// windows; as many more end inside them (default 25; -1 means none).
	// The others started in the three years before Start, and 3% of all
	// ended before it.
	Partial int
}

// Precision is the precision of the instants a Catalogue writes. It is a
// plain value: safe for concurrent use.
type Precision uint8

// The precisions of instants: "2025-01-07T09:30:12Z",
// "2025-01-07T09:30:12.345Z", "2025-01-07T09:30:12.345678Z".
const (
	Seconds Precision = iota
	Milliseconds
	Microseconds
)

// String returns "s", "ms" or "µs".
func (p Precision) String() string {
	switch p {
	case Milliseconds:
		return "ms"
	case Microseconds:
		return "µs"
	}
	return "s"
}

// unit returns the duration of one unit of p.
func (p Precision) unit() time.Duration {
	switch p {
	case Milliseconds:
		return time.Millisecond
	case Microseconds:
		return time.Microsecond
	}
	return time.Second
}

// layout returns the RFC 3339 layout of p.
func (p Precision) layout() string {
	switch p {
	case Milliseconds:
		return "2006-01-02T15:04:05.000Z07:00"
	case Microseconds:
		return "2006-01-02T15:04:05.000000Z07:00"
	}
	return time.RFC3339
}

// CatalogueHeader is the header line of the subscriptions files a
// Catalogue writes: the columns of a subscriptions file but credited (what
// was already credited is a ledger's, not a subscription's).
const CatalogueHeader = "id,customer_id,plan_id,quantity,active_from,active_until,anchor_day,charged\n"

// PolicyID is the ID of the policy of PolicyFile.
const PolicyID = "catalogue-monthly"

// money is a currency of the catalogue: its code, its decimal places and
// what one US dollar is worth in it, roughly (prices are drawn in dollars).
type money struct {
	code   string
	places int
	rate   float64
}

// currencies are the catalogue's currencies, in the order Currencies takes
// them: 2, 0 and 3 places early, CHF (cash rounding) among the first ten.
var currencies = []money{
	{"USD", 2, 1}, {"EUR", 2, 0.9}, {"JPY", 0, 150}, {"GBP", 2, 0.8}, {"KWD", 3, 0.31},
	{"CHF", 2, 0.9}, {"CAD", 2, 1.35}, {"AUD", 2, 1.5}, {"INR", 2, 83}, {"SEK", 2, 10.5},
	{"BHD", 3, 0.38}, {"KRW", 0, 1300},
}

// zones are the billing zones plans may set; "" means the policy's (UTC).
var zones = []string{"", "", "", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo"}

// catPlan is a plan of the catalogue: what rows need of it.
type catPlan struct {
	id     string
	cur    money
	units  int64 // the price in minor units
	period string
}

func (c *Catalogue) plans() int {
	if c.Plans <= 0 {
		return 50
	}
	return c.Plans
}

func (c *Catalogue) currencies() int {
	if c.Currencies <= 0 || c.Currencies > len(currencies) {
		return min(10, len(currencies))
	}
	return c.Currencies
}

func (c *Catalogue) windows() int {
	if c.Windows <= 0 {
		return 3
	}
	return c.Windows
}

func (c *Catalogue) incidents() int {
	if c.Incidents <= 0 {
		return 20
	}
	return c.Incidents
}

// percent returns p, or def when p is 0, or 0 when p is negative.
func percent(p, def int) int {
	switch {
	case p == 0:
		return def
	case p < 0:
		return 0
	}
	return min(p, 100)
}

// From returns the start of the first window.
func (c *Catalogue) From() time.Time {
	s := c.Start
	if s.IsZero() {
		return time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)
	}
	s = s.UTC()
	return time.Date(s.Year(), s.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// To returns the end of the last window.
func (c *Catalogue) To() time.Time { return c.From().AddDate(0, c.windows(), 0) }

// rng returns the pseudo-random sequence of one part of the catalogue.
func (c *Catalogue) rng(part uint64) *rand.Rand {
	s := fixed.Mix64(c.Seed ^ part*0x9e3779b97f4a7c15)
	return rand.New(rand.NewPCG(s, s^0x2545f4914f6cdd1d))
}

// catalogue returns the plans, drawn from their own sequence so that the
// rows of any number of plans agree with PlansFile.
func (c *Catalogue) catalogue() []catPlan {
	r := c.rng(1)
	ps := make([]catPlan, c.plans())
	for i := range ps {
		cur := currencies[i%c.currencies()]
		period := "monthly"
		switch i % 6 {
		case 4:
			period = "annual"
		case 5:
			period = "quarterly"
		}
		months := map[string]float64{"monthly": 1, "quarterly": 3, "annual": 10}[period]
		dollars := (5 + r.Float64()*295) * months // 5 to 300 a month
		units := int64(dollars * cur.rate * float64(pow10(cur.places)))
		if cur.places > 0 && r.IntN(2) == 0 {
			units -= units % pow10(cur.places) // a round price
		}
		ps[i] = catPlan{id: fmt.Sprintf("plan-%02d-%s", i, strings.ToLower(cur.code)), cur: cur, units: max(units, 1), period: period}
	}
	return ps
}

// PlanIDs returns the IDs of the catalogue's plans.
func (c *Catalogue) PlanIDs() []string {
	ps := c.catalogue()
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.id
	}
	return ids
}

// PlansFile returns the plans file (YAML): every rule kind (prorated,
// with and without beyond_allowance; tiered, on the policy's tiers or its
// own; stepped; fixed), multipliers, caps, minimums, every rounding mode
// and claim deadlines in days or billing cycles.
func (c *Catalogue) PlansFile() []byte {
	b := []byte("# A synthetic catalogue (internal/synth.Catalogue).\nplans:\n")
	r := c.rng(2)
	for i, p := range c.catalogue() {
		b = fmt.Appendf(b, "  - id: %s\n    price: %q\n    currency: %s\n    period: %s\n    policy: %s\n",
			p.id, units(p.units, p.cur.places), p.cur.code, p.period, PolicyID)
		if z := zones[r.IntN(len(zones))]; z != "" {
			b = fmt.Appendf(b, "    zone: %s\n", z)
		}
		b = append(b, "    rule:\n"...)
		switch i % 8 {
		case 0, 3, 6:
			b = append(b, "      kind: prorated\n"...)
			if i%16 == 6 {
				b = append(b, "      multiplier: \"10\"\n      cap_percent: \"25\"\n"...)
			}
		case 1:
			b = append(b, "      kind: prorated\n      beyond_allowance: true\n"...)
		case 2, 7:
			b = append(b, "      kind: tiered\n"...)
			if i%16 == 7 {
				b = append(b, "      tiers:\n        - {at_least: \"99.5\", below: \"99.95\", credit: \"5\"}\n"+
					"        - {at_least: \"99.0\", below: \"99.5\", credit: \"15\"}\n        - {below: \"99.0\", credit: \"30\"}\n"...)
			}
			if i%3 == 0 {
				b = append(b, "      claim_deadline: {billing_cycles: 2}\n"...)
			}
		case 4:
			b = append(b, "      kind: stepped\n      step_percent: \"5\"\n      step: 30m\n      cap_percent: \"50\"\n"...)
		case 5:
			b = fmt.Appendf(b, "      kind: fixed\n      amount: %q\n", units(p.units/10+1, p.cur.places))
		}
		if i%5 == 2 && p.cur.places > 0 {
			b = fmt.Appendf(b, "      minimum: %q\n", units(pow10(p.cur.places), p.cur.places))
		}
		switch {
		case p.cur.code == "CHF":
			b = append(b, "      rounding: cash\n"...)
		case i%4 == 1:
			b = append(b, "      rounding: half_even\n"...)
		}
	}
	return b
}

// PolicyFile returns the policy every plan is measured by: monthly windows
// in UTC, objective 99.9%, partial outages weighted 0.5 and degraded
// performance 0.1, tiers for tiered plans without their own, claims 30
// days after the window.
func (c *Catalogue) PolicyFile() []byte {
	return []byte(`# A synthetic policy (internal/synth.Catalogue).
id: ` + PolicyID + `
name: Monthly availability
version: "2025-01"
objective: "99.9"
window:
  kind: month
weights:
  major_outage: 1
  partial_outage: "0.5"
  degraded_performance: "0.1"
tiers:
  - {at_least: "99.0", below: "99.9", credit: "10"}
  - {at_least: "95.0", below: "99.0", credit: "25"}
  - {below: "95.0", credit: "100"}
claim_deadline:
  days: 30
`)
}

// IncidentFiles returns the incident files (YAML), one per incident:
// each starts at an instant of its own second inside the windows and has
// one to three impacts on four components, of every level, lasting one
// minute to two hours (log-uniformly: as many under ten minutes as from
// ten to a hundred).
func (c *Catalogue) IncidentFiles() [][]byte {
	r := c.rng(3)
	from, span := c.From(), c.To().Sub(c.From())
	components := []string{"api", "web", "email", "storage"}
	levels := []string{"major_outage", "major_outage", "partial_outage", "partial_outage", "degraded_performance"}
	files := make([][]byte, c.incidents())
	for i := range files {
		start := from.Add(time.Duration(r.Int64N(int64(span) - int64(6*time.Hour))).Truncate(time.Second))
		b := fmt.Appendf(nil, "id: INC-%04d\ntitle: Synthetic incident %d\nzone: UTC\nimpacts:\n", i+1, i+1)
		for range 1 + r.IntN(3) {
			s := start.Add(time.Duration(r.IntN(3600)) * time.Second)
			e := s.Add(time.Duration(60+logUniform(r, 2*3600)) * time.Second)
			b = fmt.Appendf(b, "  - {component: %s, level: %s, start: %s, end: %s}\n",
				components[r.IntN(len(components))], levels[r.IntN(len(levels))],
				s.Format(time.RFC3339), e.Format(time.RFC3339))
		}
		files[i] = b
	}
	return files
}

// Rows returns a generator of the catalogue's subscription rows.
func (c *Catalogue) Rows() *Rows {
	from, to := c.From(), c.To()
	return &Rows{
		c: *c, plans: c.catalogue(), rng: c.rng(4), from: from, to: to,
		layout: c.Precision.layout(), unit: c.Precision.unit(),
		seated: percent(c.Seated, 60), discounted: percent(c.Discounted, 30), partial: percent(c.Partial, 25),
	}
}

// Rows generates the subscription rows of a Catalogue (see Catalogue for
// their shape). It is not safe for concurrent use.
type Rows struct {
	c                           Catalogue
	plans                       []catPlan
	rng                         *rand.Rand
	from, to                    time.Time
	layout                      string
	unit                        time.Duration
	seated, discounted, partial int
	n                           uint64
	customers                   customers
}

// AppendRow appends the next row, with its newline, to dst.
func (g *Rows) AppendRow(dst []byte) []byte {
	r := g.rng
	g.n++
	customer := g.customers.next(r)
	dst = appendID(dst, g.n)
	dst = append(dst, ",cus_"...)
	dst = strconv.AppendUint(dst, customer, 10)
	p := &g.plans[r.IntN(len(g.plans))]
	dst = append(dst, ',')
	dst = append(dst, p.id...)
	// quantity
	dst = append(dst, ',')
	seats := int64(1)
	if r.IntN(100) < g.seated {
		seats = int64(2 + logUniform(r, 1999))
		dst = strconv.AppendInt(dst, seats, 10)
	}
	// active_from: inside the windows, or in the three years before.
	dst = append(dst, ',')
	span := g.to.Sub(g.from)
	var start time.Time
	if r.IntN(100) < g.partial {
		start = g.from.Add(g.instant(r, span))
	} else {
		start = g.from.Add(-g.instant(r, 3*365*24*time.Hour) - g.unit)
	}
	dst = start.AppendFormat(dst, g.layout)
	// active_until: inside the windows (after the start), or before them.
	dst = append(dst, ',')
	switch u := r.IntN(100); {
	case u < g.partial:
		if end := g.from.Add(g.instant(r, span)); end.After(start) {
			dst = end.AppendFormat(dst, g.layout)
		}
	case u < g.partial+3:
		if start.Before(g.from) {
			end := start.Add(g.instant(r, g.from.Sub(start)) + g.unit)
			if end.After(g.from) {
				end = g.from
			}
			dst = end.AppendFormat(dst, g.layout)
		}
	}
	// anchor_day
	dst = append(dst, ',')
	if r.IntN(4) == 0 {
		dst = strconv.AppendInt(dst, int64(1+r.IntN(31)), 10)
	}
	// charged
	dst = append(dst, ',')
	if r.IntN(100) < g.discounted {
		list := p.units * seats
		dst = append(dst, units(max(list-list*int64(1+r.IntN(60))/100, 1), p.cur.places)...)
	}
	return append(dst, '\n')
}

// instant returns a duration in [0, span) in whole units of the precision.
func (g *Rows) instant(r *rand.Rand, span time.Duration) time.Duration {
	return time.Duration(r.Int64N(int64(span/g.unit))) * g.unit
}

// WriteCSV writes the header and n rows to w.
func (g *Rows) WriteCSV(w io.Writer, n int) error {
	return writeRows(w, CatalogueHeader, n, g.AppendRow)
}

// CSV returns the header and n rows of c as one byte slice.
func (c *Catalogue) CSV(n int) []byte {
	g := c.Rows()
	b := make([]byte, 0, len(CatalogueHeader)+n*100)
	b = append(b, CatalogueHeader...)
	for range n {
		b = g.AppendRow(b)
	}
	return b
}

// logUniform returns an integer in [0, n) whose logarithm is about
// uniform: as many values below 10 as from 10 to 100.
func logUniform(r *rand.Rand, n int) int {
	x := int(math.Exp(r.Float64() * math.Log(float64(n+1))))
	return min(max(x-1, 0), n-1)
}

// appendID appends the ID of row n: "s" and 12 hexadecimal digits of a
// bijective mix of n, so that IDs are unique but not sorted.
func appendID(dst []byte, n uint64) []byte {
	dst = append(dst, 's')
	h := fixed.Mix64(n) & (1<<48 - 1)
	const hexDigits = "0123456789abcdef"
	for shift := 44; shift >= 0; shift -= 4 {
		dst = append(dst, hexDigits[h>>uint(shift)&0xf])
	}
	return dst
}

// units formats u minor units with places decimal places.
func units(u int64, places int) string {
	s := strconv.FormatInt(u, 10)
	if places == 0 {
		return s
	}
	for len(s) <= places {
		s = "0" + s
	}
	return s[:len(s)-places] + "." + s[len(s)-places:]
}

func pow10(k int) int64 {
	p := int64(1)
	for range k {
		p *= 10
	}
	return p
}
