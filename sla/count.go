package sla

import "time"

const minuteNs = int64(time.Minute)

// count applies the policy's granularity and minimum downtime period to the
// downtime pieces of one window (sorted, disjoint, clipped to the window,
// exclusions already removed) and returns the pieces that count.
//
// A run is a maximal stretch of touching pieces, whatever their weights.
// With whole minutes, a run counts only the clock minutes it covers from
// start to end: [⌈start⌉, ⌊end⌋) in minutes since the Unix epoch (UTC
// minutes, which are the clock minutes of every zone with a whole-minute
// offset). Then runs (of whole down minutes, if so) shorter than the
// minimum downtime period are dropped.
func count(in []piece, whole bool, minDown int64) []piece {
	if !whole && minDown <= 0 {
		return in
	}
	out := in[:0] // runs are written back over themselves, never ahead
	for i := 0; i < len(in); {
		j := i + 1
		for j < len(in) && in[j].s == in[j-1].e {
			j++
		}
		a, z := in[i].s, in[j-1].e
		if whole {
			a = -floorDiv(-a, minuteNs) * minuteNs
			z = floorDiv(z, minuteNs) * minuteNs
		}
		if z > a && z-a >= minDown {
			for k := i; k < j; k++ {
				p := in[k]
				p.s, p.e = max(p.s, a), min(p.e, z)
				if p.s < p.e {
					out = append(out, p)
				}
			}
		}
		i = j
	}
	return out
}
