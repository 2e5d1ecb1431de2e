package credit

import (
	"time"

	"github.com/outagekit/postmortem/internal/calendar"
	"github.com/outagekit/postmortem/sla"
)

// claimDeadline returns the last instant a credit for the window ending at
// end may be claimed under d, or the zero time when d is the zero Deadline:
//
//   - Days: end + Days calendar days in zone (the window's zone), so a
//     deadline stays at local midnight across a daylight-saving change (at
//     the first instant of its day, for a window ending as a day begins);
//   - BillingCycles: the end of the N-th billing cycle after the cycle the
//     window's last instant falls in. With monthly billing on the 1st, a
//     claim for April with 2 cycles is due by the end of June (July 1).
//
// Neither loops over the count: a deadline is computed from day and period
// numbers (sla.Policy.Validate bounds both counts).
func claimDeadline(d sla.Deadline, end time.Time, zone *time.Location, b billing) time.Time {
	switch {
	case d.Days > 0:
		le := end.In(zone)
		if y, m, day := le.Date(); end.Equal(calendar.DayStart(y, m, day, zone)) {
			// A window ends as a day begins: so does its deadline, even
			// where one of the two days began after a skipped midnight.
			return calendar.DayStart(y, m, day+d.Days, zone)
		}
		return calendar.AddDays(end, d.Days, zone)
	case d.BillingCycles > 0:
		p := b.period(end.Add(-1))
		return calendar.Periods(b.first, b.anchor, b.months, p.Start, d.BillingCycles+1, b.zone).End
	}
	return time.Time{}
}
