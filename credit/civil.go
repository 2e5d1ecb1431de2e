package credit

import (
	"fmt"
	"time"

	"github.com/outagekit/postmortem/rca"
)

// Date returns the instant a subscriptions file means by the date d
// written for a subscription on plan: midnight at the start of d in the
// plan's billing zone (Plan.Zone, else the zone of its policy's windows),
// exactly as ReadSubscriptions reads "2014-04-16" in an active_from or
// active_until cell. A Go program holding a civil date (a SQL DATE, which
// drivers such as pgx return as midnight UTC) gets the same subscription as
// the CSV reader with
//
//	sub.From, err = calc.Date(sub.Plan, rca.DateOf(activeFrom))
//
// where taking the date's midnight in UTC would start a New York
// subscription four or five hours early. An unknown plan is an
// ErrUnknownPlan; a date the zone skips at midnight is refused with the
// reason the reader gives.
func (c *Calculator) Date(plan string, d rca.Date) (time.Time, error) {
	st, ok := c.plans[plan]
	if !ok {
		return time.Time{}, fmt.Errorf("plan %q: %w", plan, ErrUnknownPlan)
	}
	t, err := parseTime(d.String(), st.zone)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %s in %s: %w", d, st.zone, err)
	}
	return t, nil
}
