package credit

import (
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"

	"github.com/outagekit/postmortem/internal/enum"
	"github.com/outagekit/postmortem/sla"
)

// Plan is a product subscribers pay for and the credit they get when its SLA
// is missed. The same structure is the plans file format (see LoadPlans).
//
// A Plan is safe for concurrent use as long as no goroutine modifies it or
// what its Rule points to (tiers, claim deadline), which copies share.
type Plan struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Price is the list price per seat per billing period.
	Price    decimal.Decimal `yaml:"price"`
	Currency currency.Unit   `yaml:"currency"`
	Period   Period          `yaml:"period"`
	// Zone is the zone billing periods start in (midnight on the anchor
	// day); nil means the zone of the plan's policy windows.
	Zone *time.Location `yaml:"zone"`
	// Proration is how the part of a billing period a window (or the
	// active part of it) covers is measured. Zero: ActualTime.
	Proration Proration `yaml:"proration"`
	// ProrationDays is the month of FixedDays in days; zero means
	// DefaultProrationDays (30).
	ProrationDays int `yaml:"proration_days"`
	// EqualMonths makes each month of a quarterly or annual billing period
	// (from its start day to the same day of the next month) an equal part
	// of it: a year's month costs 1/12 of the annual price, whatever its
	// days. Within a month, Proration applies. False: a month costs its
	// share of the period's time.
	EqualMonths bool `yaml:"equal_months"`
	// FractionPlaces, when positive, rounds each proration fraction (the
	// part of a billing period, under Proration) half-up to that many
	// decimal places before it multiplies the price, as Kill Bill rounds
	// it to 9. Zero keeps it exact.
	FractionPlaces int `yaml:"fraction_places"`
	// Policy is the ID of the SLA policy the plan is measured by; empty
	// means the only policy given.
	Policy string `yaml:"policy"`
	Rule   Rule   `yaml:"rule"`
}

// Period is a billing period. The zero Period is Monthly.
//
// Period is a plain value: safe for concurrent use.
type Period uint8

// The billing periods; names in files: "monthly", "quarterly", "annual".
const (
	Monthly Period = iota
	Quarterly
	Annual
)

var periodNames = enum.Names[Period]{"monthly", "quarterly", "annual"}

// noun names the calendar period of p's length: "month", "quarter", "year".
func (p Period) noun() string { return [...]string{"month", "quarter", "year"}[p%3] }

// Months returns the length of p in calendar months.
func (p Period) Months() int { return [...]int{1, 3, 12}[p%3] }

func (p Period) String() string                { return periodNames.String(p) }
func (p Period) MarshalText() ([]byte, error)  { return []byte(p.String()), nil }
func (p *Period) UnmarshalText(b []byte) error { return periodNames.Unmarshal(p, b) }

// RuleKind is the base rule of a credit. The zero RuleKind is invalid.
//
// RuleKind is a plain value: safe for concurrent use.
type RuleKind uint8

// The rule kinds; names in files: "tiered", "prorated", "stepped", "fixed",
// "lost_time", "per_interval".
const (
	// Tiered: a percent of the window's charge by availability band.
	Tiered RuleKind = iota + 1
	// Prorated: charge × counted downtime ÷ measured time.
	Prorated
	// Stepped: StepPercent of the charge per started Step of downtime.
	Stepped
	// Fixed: a goodwill Amount per affected subscription.
	Fixed
	// LostTime: the hours of downtime, rounded as PartialHours says, at
	// the hourly Rate (DigitalOcean: "100% of lost time at the hourly rate
	// incurred"); without a Rate, at the charge's price of an hour of the
	// active time.
	LostTime
	// PerInterval: for every interval the policy's interval rule counted
	// while active (sla.Result.DownIntervals), the Rate: AWS does not
	// charge for an EC2 instance "Unavailable for more than six minutes of
	// a clock hour", a credit of the hourly price for each such hour.
	// Without a Rate, an interval is priced from the charge: the charge ÷
	// the active time × the interval's length.
	PerInterval
)

var ruleKindNames = enum.Names[RuleKind]{"", "tiered", "prorated", "stepped", "fixed", "lost_time", "per_interval"}

func (k RuleKind) String() string                { return ruleKindNames.String(k) }
func (k RuleKind) MarshalText() ([]byte, error)  { return []byte(k.String()), nil }
func (k *RuleKind) UnmarshalText(b []byte) error { return ruleKindNames.Unmarshal(k, b) }

// Rule is how a credit is computed. Its parts compose in this order: the
// base rule (Kind) → Multiplier → cap → minimum issuance → rounding; the
// minimum is judged on the amount rounding would issue (or, by MinimumOn,
// on the exact amount). A Rule is also the
// "rule" of a plans file; fields that do not apply to its Kind must be
// left out.
//
// A Rule is safe for concurrent use as long as no goroutine modifies it,
// its Tiers or its ClaimDeadline, which copies share.
type Rule struct {
	Kind RuleKind `yaml:"kind"`

	// Tiers are the bands of a Tiered rule; empty means the policy's
	// Tiers. AllowGaps as in sla.Policy.
	Tiers     sla.Tiers `yaml:"tiers"`
	AllowGaps bool      `yaml:"allow_gaps"`

	// BeyondAllowance makes a Prorated rule count only the downtime beyond
	// the objective's allowance (the error budget).
	BeyondAllowance bool `yaml:"beyond_allowance"`

	// StepPercent per started Step of downtime, for a Stepped rule:
	// "5% for each 30 minutes or part thereof" is {5, 30m}. Step is from
	// a second to sla.MaxPeriod.
	StepPercent decimal.Decimal `yaml:"step_percent"`
	Step        time.Duration   `yaml:"step"`

	// Amount is the goodwill credit of a Fixed rule, in the plan's currency.
	Amount decimal.Decimal `yaml:"amount"`

	// Rate is the price of an hour of a LostTime rule, or of an interval
	// of a PerInterval rule, in the plan's currency; zero prices it from
	// the charge: the charge ÷ the time the subscription was active in the
	// window × an hour (or the interval).
	Rate decimal.Decimal `yaml:"rate"`
	// PartialHours is how a LostTime rule counts a part of an hour. Zero:
	// ExactHours.
	PartialHours PartialHours `yaml:"partial_hours"`

	// Multiplier scales the base amount (10 is common); zero means 1.
	Multiplier decimal.Decimal `yaml:"multiplier"`
	// CapPercent caps the credit at this percent of the window's charge;
	// zero means 100. It caps the window's due, the total its settlement
	// against a ledger issues over the runs.
	CapPercent decimal.Decimal `yaml:"cap_percent"`
	// CapDays caps the credit at the price of this many days of paid
	// service: the charge ÷ the days the subscription was active in the
	// window × CapDays (GitHub: "a maximum of ninety (90) days of paid
	// service per calendar quarter"). Zero: no such cap.
	CapDays int `yaml:"cap_days"`
	// PeriodCap, when set, also caps the credits of all the windows of a
	// longer calendar period together (a yearly cap across monthly
	// windows).
	PeriodCap *PeriodCap `yaml:"period_cap"`
	// Minimum: credits not greater than this amount are not issued (the
	// line says so). Zero issues every positive credit.
	Minimum decimal.Decimal `yaml:"minimum"`
	// Rounding of the final amount to the currency. Zero: HalfUp.
	Rounding Rounding `yaml:"rounding"`
	// RoundingIncrement, when set, is what the amount is rounded to a
	// multiple of under Rounding, instead of the currency's minor unit: a
	// whole number of minor units, such as "0.010" (Stripe takes KWD, BHD,
	// JOD, OMR and TND only in multiples of 0.010) or "0.05" with
	// half_even (a cash grid rounded half-even). Not with Cash, which
	// rounds to the currency's own cash increment.
	RoundingIncrement decimal.Decimal `yaml:"rounding_increment"`
	// MinimumOn says which amount Minimum is compared with: the rounded
	// amount (zero: OnRounded) or the exact amount before rounding
	// (OnExact). AWS issues "credits exceeding $1": 1.004 exceeds it on
	// the exact amount, but rounds to 1.00, which does not.
	MinimumOn MinimumBasis `yaml:"minimum_on"`
	// ClaimDeadline overrides the policy's claim deadline when set.
	ClaimDeadline *sla.Deadline `yaml:"claim_deadline"`
}

// Rounding is how a final amount is rounded to the currency's minor unit.
// The zero Rounding is HalfUp.
//
// Rounding is a plain value: safe for concurrent use.
type Rounding uint8

// The rounding modes; names in files: "half_up", "half_even", "cash",
// "down", "up", "ceiling", "floor". A credit is never negative, so Down
// and Floor round it alike, and so do Up and Ceiling; Round tells them
// apart on negative amounts.
const (
	// HalfUp rounds to the nearest, ties away from zero: 0.125 → 0.13.
	HalfUp Rounding = iota
	// HalfEven rounds to the nearest, ties to the even digit: 0.125 →
	// 0.12.
	HalfEven
	// Cash rounds half-up to the currency's cash increment (CHF 0.05).
	Cash
	// Down rounds towards zero (truncates): 0.129 → 0.12.
	Down
	// Up rounds away from zero: 0.121 → 0.13.
	Up
	// Ceiling rounds towards +∞: 0.121 → 0.13, -0.129 → -0.12.
	Ceiling
	// Floor rounds towards −∞: 0.129 → 0.12, -0.121 → -0.13.
	Floor
)

var roundingNames = enum.Names[Rounding]{"half_up", "half_even", "cash", "down", "up", "ceiling", "floor"}

func (r Rounding) String() string                { return roundingNames.String(r) }
func (r Rounding) MarshalText() ([]byte, error)  { return []byte(r.String()), nil }
func (r *Rounding) UnmarshalText(b []byte) error { return roundingNames.Unmarshal(r, b) }

// PeriodCap caps the credits of every window of a calendar period together:
// in each calendar quarter or year (Per, in the zone of the policy's
// windows), a subscription's credits total at most Percent of its charges
// for the period (the active part of it). A window's credit is capped at
// what is left of that after what the period's earlier windows were
// issued: those of the same run as they are settled (their due, or what
// the ledger holds for one when it is more and over-credits are kept),
// and those before the run's first window as the ledger (Config.Ledger)
// holds them. Run a period's windows in order: a window after the run's
// last is not counted against the run's.
//
// A PeriodCap is a plain value: safe for concurrent use.
type PeriodCap struct {
	// Per is Quarterly (calendar quarters from January) or Annual
	// (calendar years).
	Per Period `yaml:"per"`
	// Percent of the period's charges, in (0, 100].
	Percent decimal.Decimal `yaml:"percent"`
}

// PartialHours is how a LostTime rule counts a part of an hour. The zero
// PartialHours is ExactHours.
//
// PartialHours is a plain value: safe for concurrent use.
type PartialHours uint8

// The ways; names in files: "exact", "up", "down".
const (
	// ExactHours: 1h30m is 1.5 hours.
	ExactHours PartialHours = iota
	// HoursUp: a started hour counts whole: 1h30m is 2 hours.
	HoursUp
	// HoursDown: only whole hours count: 1h30m is 1 hour.
	HoursDown
)

var partialHoursNames = enum.Names[PartialHours]{"exact", "up", "down"}

func (h PartialHours) String() string                { return partialHoursNames.String(h) }
func (h PartialHours) MarshalText() ([]byte, error)  { return []byte(h.String()), nil }
func (h *PartialHours) UnmarshalText(b []byte) error { return partialHoursNames.Unmarshal(h, b) }

// MinimumBasis is the amount a rule's minimum is judged on. The zero
// MinimumBasis is OnRounded.
//
// MinimumBasis is a plain value: safe for concurrent use.
type MinimumBasis uint8

// The bases; names in files: "rounded", "exact".
const (
	// OnRounded: a credit is issued when the amount rounding gives is
	// greater than the minimum.
	OnRounded MinimumBasis = iota
	// OnExact: a credit is issued when the exact amount, before rounding,
	// is greater than the minimum; the rounded amount is issued.
	OnExact
)

var minimumBasisNames = enum.Names[MinimumBasis]{"rounded", "exact"}

func (m MinimumBasis) String() string                { return minimumBasisNames.String(m) }
func (m MinimumBasis) MarshalText() ([]byte, error)  { return []byte(m.String()), nil }
func (m *MinimumBasis) UnmarshalText(b []byte) error { return minimumBasisNames.Unmarshal(m, b) }

// Subscription is one subscriber's contract for one plan. Its ID, Customer
// and Plan are text as a subscriptions file holds it: UTF-8, without white
// space around it, line breaks or other control characters (see
// SubscriptionColumns); Credit and Run refuse others.
//
// A Subscription is safe for concurrent use as long as no goroutine
// modifies it or its Charged, which copies share.
type Subscription struct {
	ID       string
	Customer string
	Plan     string
	// Quantity is the number of seats, 1 to 10^9. Zero is refused, as a
	// quantity of 0 is in a subscriptions file (whose empty cell means 1):
	// set it to 1 for a single seat.
	Quantity int64
	// From and Until bound when the subscription was active: [From, Until).
	// A zero Until means still active.
	From, Until time.Time
	// AnchorDay is the day of the month billing periods start on (1–31,
	// clamped to short months); zero means the day of From in the billing
	// zone.
	AnchorDay int
	// Charged, when set, is the amount actually charged per billing period
	// (after discounts and coupons); it replaces Price × Quantity.
	Charged *decimal.Decimal
	// Line is the line of the input the subscription was read from; zero
	// for a subscription built in Go.
	Line int
}

// Line is the credit of one subscription for one window: the figure, and
// every step that led to it.
//
// A Line is safe for concurrent use as long as no goroutine modifies it or
// its Incidents, which other lines may share.
type Line struct {
	Subscription string
	Customer     string
	Plan         string
	// Policy and PolicyVersion are the SLA policy the window is measured
	// by, and its version.
	Policy, PolicyVersion string
	WindowStart           time.Time
	WindowEnd             time.Time
	Currency              currency.Unit

	// Charge is what the subscriber paid for the window: the billing
	// periods' charges × their overlap with the window and the active time
	// ÷ their length. Shown rounded half-up to 6 decimal places; the
	// amount is computed from the exact value. Zero when not active.
	Charge decimal.Decimal
	// Downtime is the counted downtime while active (before weights);
	// Weighted the weighted seconds; Measured the denominator.
	Downtime time.Duration
	Weighted decimal.Decimal
	Measured time.Duration
	// Availability in percent, as sla.Result.Availability.
	Availability decimal.Decimal

	Rule RuleKind
	// Band describes the tier applied ("≥ 99 and < 99.99: 10%"), or the
	// step count, or is empty.
	Band string
	// Raw is the base rule's amount before multiplier, cap and minimum,
	// shown rounded half-up to 6 decimal places.
	Raw        decimal.Decimal
	Multiplier decimal.Decimal
	// Capped is true when the cap lowered the amount; BelowMinimum when the
	// credit was not issued because it was not greater than the minimum.
	Capped       bool
	BelowMinimum bool
	Rounding     Rounding

	// Due is the credit the window is owed now, from everything the
	// calculator knows, rounded once to the currency. IssuedBefore is what
	// the ledger (Config.Ledger) says was already issued for the
	// subscription, policy and window, in IssuedEntries entries of a
	// non-zero amount; both are zero without a ledger. Amount is the
	// adjustment issued now: Due − IssuedBefore, except that with Keep
	// (Config.OverCredit) a window credited beyond its due issues nothing
	// and OverCredited says by how much (IssuedBefore − Due).
	Due           decimal.Decimal
	IssuedBefore  decimal.Decimal
	IssuedEntries int
	Amount        decimal.Decimal
	OverCredited  decimal.Decimal

	ClaimDeadline time.Time
	// Incidents are the IDs of the incidents whose downtime counted,
	// sorted. The slice may be shared with other lines: treat it as
	// read-only.
	Incidents []string
	// Explanation is a one-line account of the figure.
	Explanation string
	// Key is the idempotency key of the adjustment: Key(l), a hash naming
	// the transition from what was issued to what is due (see the package
	// documentation). The same inputs and ledger give the same key on every
	// run; a new due or issued amount gives a new key.
	Key string
}

// Summary counts and totals a batch of lines so that an importer can check
// a file is complete: totals per currency and per plan equal the sum of the
// lines exactly and never mix currencies. The zero Summary is empty and
// ready to use (Add, Reject, Merge); a Summary is not safe for concurrent
// use. MarshalJSON and UnmarshalJSON give its JSON form.
type Summary struct {
	// Read counts subscriptions read, refused ones included; Credited
	// those with at least one line with a non-zero amount (a credit, or a
	// reversal); Zero those whose lines are all zero; Rejected the rows
	// refused with an error. Read = Credited + Zero + Rejected.
	Read, Credited, Zero, Rejected int64
	// Lines counts the lines written.
	Lines int64
	// Totals per currency, sorted by currency code.
	Totals []Total
	// Plans totals per plan and currency, sorted by plan then currency.
	Plans []PlanTotal

	// Ledger counts the entries of the run's ledger that settled nothing:
	// see LedgerUse. RunCSV sets it; a run of Calculator.Run sets it with
	// Calculator.LedgerUse; a summary rebuilt from a lines file has none.
	Ledger LedgerUse

	cur         string // subscription of the last line added
	curPositive bool   // whether it has a non-zero line yet
}

// Total is the sum of the amounts of the lines in one currency.
//
// Total is a plain value: safe for concurrent use.
type Total struct {
	Currency currency.Unit
	// Amount is the sum of what the lines issue (Line.Amount): the
	// adjustments of the run. Due is the sum of the lines' Due: what their
	// windows are owed in all.
	Amount, Due decimal.Decimal
	// Lines counts the lines in the currency: Issued, those with a
	// non-zero amount (what a billing system books), and Zero, those that
	// issue nothing (no downtime while active, no tier, below the minimum,
	// or nothing new). Lines = Issued + Zero.
	Lines, Issued, Zero int64
	// Settled counts the zero lines of windows the ledger already held at
	// their due: nothing new to issue. OverCredited counts the lines of
	// windows credited beyond their due, and OverCredit is the sum of
	// what was kept beyond it (Line.OverCredited; a reversal is in
	// Amount instead).
	Settled, OverCredited int64
	OverCredit            decimal.Decimal
}

// PlanTotal is the sum of the amounts of one plan's lines in one currency.
//
// PlanTotal is a plain value: safe for concurrent use.
type PlanTotal struct {
	Plan     string
	Currency currency.Unit
	Rule     RuleKind
	// Subscriptions counts the subscriptions issued an adjustment: a
	// credit, or a reversal.
	Subscriptions int64
	// Amount is the sum of what the plan's lines issue (the run's
	// adjustments), Due the sum of their Due (what their windows are owed
	// in all), as in Total.
	Amount, Due decimal.Decimal
	// Lines counts the plan's lines in the currency, zero amounts included.
	Lines int64
}
