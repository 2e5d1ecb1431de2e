package credit

import (
	"time"

	"github.com/outagekit/postmortem/sla"
)

// claimDeadline returns the last instant a credit for the window ending at
// end may be claimed under d, or the zero time when d is the zero Deadline:
//
//   - Days: end + Days calendar days in zone (the window's zone), so a
//     deadline stays at local midnight across a daylight-saving change;
//   - BillingCycles: the end of the N-th billing cycle after the cycle the
//     window's last instant falls in. With monthly billing on the 1st, a
//     claim for April with 2 cycles is due by the end of June (July 1).
func claimDeadline(d sla.Deadline, end time.Time, zone *time.Location, b billing) time.Time {
	switch {
	case d.Days > 0:
		return end.In(zone).AddDate(0, 0, d.Days)
	case d.BillingCycles > 0:
		p := b.period(end.Add(-1))
		for range d.BillingCycles {
			p = b.period(p.End)
		}
		return p.End
	}
	return time.Time{}
}
