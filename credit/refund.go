package credit

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// Change is a subscription ending, or changing plan or seats, at At: the
// instant the old terms stop and the new ones start. A billing system
// charges in advance, so the billing period At falls in was paid for
// whole; the change returns its unused part and charges the new terms for
// the rest of it.
//
// A Change is safe for concurrent use as long as no goroutine modifies it.
type Change struct {
	// Subscription is the subscription as it was: its plan, seats, billing
	// anchor and what it paid per period (Charged, else Price × seats).
	Subscription Subscription
	// At is when the change takes effect.
	At time.Time
	// To is the subscription from At, on its new plan or seats; what it
	// does not give is the old one's: its billing anchor day and From (the
	// month quarterly and annual periods start in), and its seats. Nil
	// when the subscription ends at At.
	To *Subscription
}

// Refund is what a Change returns and charges over the billing period At
// falls in: the same figures a billing engine's proration items carry
// (Stripe's "Unused time on …" and "Remaining time on …", Chargebee's
// credit and charge), with an explanation and an idempotency key.
//
// Refund is a plain value: safe for concurrent use.
type Refund struct {
	Subscription string
	Customer     string
	// Plan is the plan before the change; NewPlan after it, empty when
	// the subscription ends.
	Plan, NewPlan string
	Currency      currency.Unit
	// PeriodStart and PeriodEnd bound the billing period At falls in.
	PeriodStart, PeriodEnd time.Time
	At                     time.Time
	// Paid is what was paid for the period; Unused is the part of it from
	// At to the period's end, the credit: Paid × that part of the period
	// under the plan's proration conventions, rounded once under the
	// plan's rule (its rounding mode and increment).
	Paid, Unused decimal.Decimal
	// Remaining is the charge of the new terms from At to the period's
	// end, computed and rounded the same way on the new plan; zero when
	// the subscription ends.
	Remaining decimal.Decimal
	// Net is Remaining − Unused: owed now when positive; when negative,
	// account credit carried to the next renewal (or refunded, when the
	// subscription ends).
	Net decimal.Decimal
	// Explanation is a one-line account of the figures.
	Explanation string
	// Key is the idempotency key of the change: the same change gives the
	// same key on every run (KeyLength hexadecimal digits).
	Key string
}

// refundKeyVersion names the canonical encoding of a refund's key.
const refundKeyVersion = "postmortem/refund-key/v1"

// RefundOf returns the refund of ch on plans (which it validates); see
// Refunder.Refund. To refund many changes on the same plans, make a
// Refunder once.
func RefundOf(plans []Plan, ch Change) (Refund, error) {
	rf, err := NewRefunder(plans)
	if err != nil {
		return Refund{}, err
	}
	return rf.Refund(ch)
}

// Refunder computes the refunds of changes on a set of plans, checked
// once. A Refunder is immutable: safe for concurrent use.
type Refunder struct {
	byID  map[string]*Plan
	zones map[string]*time.Location
}

// NewRefunder returns a Refunder of plans, or the plans' problems (see
// ValidatePlans). The plans are the caller's and must not change while
// the Refunder is used.
func NewRefunder(plans []Plan) (*Refunder, error) {
	if err := ValidatePlans(plans); err != nil {
		return nil, err
	}
	rf := &Refunder{byID: map[string]*Plan{}, zones: map[string]*time.Location{}}
	for i := range plans {
		rf.byID[plans[i].ID] = &plans[i]
		rf.zones[plans[i].ID] = plans[i].Zone
	}
	return rf, nil
}

// Zones returns the billing zone of every plan by ID, for
// ReadOptions.Zones: ReadChanges then refuses unknown plans and reads
// local times in the plan's zone.
func (rf *Refunder) Zones() map[string]*time.Location { return rf.zones }

// Refund returns the refund of ch: the billing period At falls in is the
// subscription's, billed in its plan's zone (UTC when the plan has none).
// The new subscription must be billed in the same currency. A change that
// cannot be refunded (an unknown plan, no instant, a new plan in another
// currency, a bad subscription) is a *RowError naming the column of a
// changes file (see ChangeColumns) and, when the change was read from
// one, its line.
func (rf *Refunder) Refund(ch Change) (Refund, error) {
	line := ch.Subscription.Line
	rowErr := func(field, value string, err error) (Refund, error) {
		return Refund{}, &RowError{Line: line, Field: field, Value: value, Err: err}
	}
	if e := validateSubscription(&ch.Subscription); e != nil {
		return Refund{}, e
	}
	old, ok := rf.byID[ch.Subscription.Plan]
	if !ok {
		return rowErr(colPlan, ch.Subscription.Plan, ErrUnknownPlan)
	}
	if ch.At.IsZero() {
		return rowErr(colChangedAt, "", errMissing)
	}
	var next *Plan
	var to Subscription
	if ch.To != nil {
		to = *ch.To
		if next, ok = rf.byID[to.Plan]; !ok {
			return rowErr(colNewPlan, to.Plan, ErrUnknownPlan)
		}
		if next.Currency != old.Currency {
			return rowErr(colNewPlan, to.Plan, fmt.Errorf("bills in %s, plan %q in %s: a change keeps its currency", next.Currency, old.ID, old.Currency))
		}
		if to.ID == "" {
			to.ID = ch.Subscription.ID
		}
		if to.From.IsZero() {
			// Billed as before: the periods of a quarterly or annual
			// plan start in the month of From.
			to.From = ch.Subscription.From
		}
		if to.Quantity == 0 {
			to.Quantity = ch.Subscription.Quantity
		}
		if e := validateSubscription(&to); e != nil {
			return Refund{}, e
		}
	}
	zone := old.Zone
	if zone == nil {
		zone = time.UTC
	}

	a := new(bigArith)
	c := compile(&old.Rule, nil, old.Currency, old.Price)
	sub := ch.Subscription
	b := billingOf(old, &sub, zone, nil, conventionsOf(old))
	if next != nil && to.AnchorDay == 0 {
		to.AnchorDay = b.anchor // on the same anchor day
	}
	period := b.period(ch.At)
	paid := perPeriod(a, &c.big, &sub)
	part := share(a, &b, ch.At, period.End)
	unused := a.round(a.mul(paid, part), c.step, c.mode)

	r := Refund{
		Subscription: sub.ID, Customer: sub.Customer, Plan: old.ID, Currency: old.Currency,
		PeriodStart: period.Start, PeriodEnd: period.End, At: ch.At,
		Paid:   displayOf(a, paid),
		Unused: decimalOf(a, unused, c.places),
	}
	remaining := a.fromInt(0)
	var newPer, newPart *frac
	var nc *compiled
	if next != nil {
		// The new terms' charge is rounded by the new plan's rule.
		nc = compile(&next.Rule, nil, next.Currency, next.Price)
		nb := billingOf(next, &to, zone, nil, conventionsOf(next))
		newPer = perPeriod(a, &nc.big, &to)
		newPart = share(a, &nb, ch.At, period.End)
		remaining = a.round(a.mul(newPer, newPart), nc.step, nc.mode)
		r.NewPlan = next.ID
	}
	r.Remaining = decimalOf(a, remaining, c.places)
	r.Net = r.Remaining.Sub(r.Unused)
	r.Explanation = refundText(a, c, nc, &r, paid, part, newPer, newPart)
	r.Key = refundKey(&ch, &r)
	return r, nil
}

// decimalOf returns x, a multiple of 10^-places, as a decimal with places
// decimal places.
func decimalOf(a *bigArith, x *frac, places int) decimal.Decimal {
	n := a.number(x, places)
	return n.decimal()
}

// displayOf returns x rounded half-up to 6 places, as Line.Charge shows a
// charge.
func displayOf(a *bigArith, x *frac) decimal.Decimal {
	n := a.display(x)
	return n.decimal()
}

// refundText is the explanation of r: the unused part of what was paid,
// the new terms' charge, and the net.
func refundText(a *bigArith, c, nc *compiled, r *Refund, paid, part, newPer, newPart *frac) string {
	cur := " " + r.Currency.String()
	b := []byte("unused from ")
	b = r.At.In(r.PeriodStart.Location()).AppendFormat(b, time.DateTime)
	b = append(b, " of the period "...)
	b = r.PeriodStart.AppendFormat(b, time.DateOnly)
	b = append(b, " – "...)
	b = r.PeriodEnd.AppendFormat(b, time.DateOnly)
	b = append(b, ": "...)
	b = a.appendFrac(b, paid, c.places)
	b = append(b, cur+" × "...)
	b = a.appendFrac(b, part, 0)
	b = append(b, " of the period = "...)
	b = append(b, FormatAmount(r.Unused, r.Currency)+cur...)
	if r.NewPlan != "" {
		b = append(b, "; remaining on "+r.NewPlan+": "...)
		b = a.appendFrac(b, newPer, c.places)
		b = append(b, cur+" × "...)
		b = a.appendFrac(b, newPart, 0)
		b = append(b, " = "...)
		b = append(b, FormatAmount(r.Remaining, r.Currency)+cur...)
	}
	b = append(b, " ("...)
	b = append(b, c.rounding...)
	if nc != nil && nc.rounding != c.rounding {
		b = append(b, ", remaining "+nc.rounding...)
	}
	b = append(b, "); net "...)
	b = append(b, FormatAmount(r.Net, r.Currency)+cur...)
	switch r.Net.Sign() {
	case 1:
		b = append(b, " to pay"...)
	case -1:
		if r.NewPlan != "" {
			b = append(b, ": account credit to the next renewal"...)
		} else {
			b = append(b, ": refunded"...)
		}
	}
	return string(b)
}

// refundKey is the idempotency key of a change: the SHA-256 digest of a
// canonical encoding of the subscription, its plans, seats and charges
// before and after, and the instant, as Key encodes a credit's.
func refundKey(ch *Change, r *Refund) string {
	var buf [512]byte
	b := appendKeyField(buf[:0], refundKeyVersion)
	b = appendKeyField(b, r.Subscription)
	b = appendKeyField(b, r.Plan)
	b = appendKeyField(b, r.NewPlan)
	b = appendKeyTime(b, r.At)
	for _, s := range []*Subscription{&ch.Subscription, ch.To} {
		if s == nil {
			b = appendKeyField(b, "")
			continue
		}
		b = appendKeyField(b, strconv.FormatInt(max(s.Quantity, 1), 10))
		charged := ""
		if s.Charged != nil {
			charged = s.Charged.String()
		}
		b = appendKeyField(b, charged)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:KeyLength/2])
}
