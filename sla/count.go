package sla

import "time"

const minuteNs = int64(time.Minute)

// countingRules applies a policy's counting rules to the downtime pieces of one
// window.
type countingRules struct {
	gran    Granularity
	minDown int64
	iv      IntervalRule
}

// countingRulesOf returns the counting rules of p.
func countingRulesOf(p *Policy) countingRules {
	return countingRules{gran: p.Granularity, minDown: int64(p.MinDowntime), iv: p.Intervals}
}

// count applies the granularity, the minimum downtime period and the
// interval rule to the downtime pieces of the window [ws, we) (sorted,
// disjoint, clipped to the window, exclusions already removed) and returns
// the pieces that count and, under an interval rule, the qualifying
// intervals (nil otherwise). Unless the rule only counts, each returned
// piece is then one whole qualifying interval.
//
// A run is a maximal stretch of touching pieces, whatever their weights.
// With whole minutes, a run counts only the clock minutes it covers from
// start to end: [⌈start⌉, ⌊end⌋) in minutes since the Unix epoch (UTC
// minutes, which are the clock minutes of every zone with a whole-minute
// offset). With floor minutes, each span at one weight counts its length
// rounded down to whole minutes, from its start. Then runs (of what is
// left) shorter than the minimum downtime period are dropped, and last the
// interval rule judges what remains.
func (c countingRules) count(in []piece, ws, we int64) (out []piece, ivs []downInterval) {
	switch c.gran {
	case WholeMinutes:
		in = wholeMinutes(in)
	case FloorMinutes:
		in = floorMinutes(in)
	}
	if c.minDown > 0 {
		in = dropShortRuns(in, c.minDown)
	}
	if c.iv.Length == 0 {
		return in, nil
	}
	whole, ivs := intervals(in, ws, we, c.iv)
	if c.iv.CountOnly {
		return in, ivs
	}
	return whole, ivs
}

// downInterval is an interval that qualified under an interval rule, with
// its down time.
type downInterval struct {
	s, e int64
	down int64
}

// runEnd returns the index after the run of touching pieces starting at
// in[i].
func runEnd(in []piece, i int) int {
	j := i + 1
	for j < len(in) && in[j].s == in[j-1].e {
		j++
	}
	return j
}

// clipRun appends to out the pieces of in[i:j] inside [a, z).
func clipRun(out, in []piece, i, j int, a, z int64) []piece {
	for k := i; k < j; k++ {
		p := in[k]
		p.s, p.e = max(p.s, a), min(p.e, z)
		if p.s < p.e {
			out = append(out, p)
		}
	}
	return out
}

// wholeMinutes keeps of each run the clock minutes it covers from start to
// end. It writes over in: a run's pieces are never written ahead of it.
func wholeMinutes(in []piece) []piece {
	out := in[:0]
	for i := 0; i < len(in); {
		j := runEnd(in, i)
		a := -floorDiv(-in[i].s, minuteNs) * minuteNs
		z := floorDiv(in[j-1].e, minuteNs) * minuteNs
		if z > a {
			out = clipRun(out, in, i, j, a, z)
		}
		i = j
	}
	return out
}

// floorMinutes keeps of each span at one weight (touching pieces of the
// same weight class, whatever impact they are attributed to) its length
// rounded down to whole minutes, from its start. It writes over in.
func floorMinutes(in []piece) []piece {
	out := in[:0]
	for i := 0; i < len(in); {
		j := i + 1
		for j < len(in) && in[j].s == in[j-1].e && in[j].cls == in[i].cls {
			j++
		}
		a := in[i].s
		length := in[j-1].e - a
		out = clipRun(out, in, i, j, a, a+length-length%minuteNs)
		i = j
	}
	return out
}

// dropShortRuns drops the runs shorter than minDown. It writes over in.
func dropShortRuns(in []piece, minDown int64) []piece {
	out := in[:0]
	for i := 0; i < len(in); {
		j := runEnd(in, i)
		if in[j-1].e-in[i].s >= minDown {
			out = append(out, in[i:j]...)
		}
		i = j
	}
	return out
}

// intervals cuts [ws, we) into intervals of r.Length from ws (the last one
// may be shorter) and returns one piece per qualifying interval, covering
// it whole at the heaviest weight class of its down time (the smallest
// class; on a tie, the first piece at that class gives the attribution),
// and the qualifying intervals. Linear in the pieces and the intervals
// they touch.
func intervals(in []piece, ws, we int64, r IntervalRule) (out []piece, ivs []downInterval) {
	iv := int64(r.Length)
	k := int64(-1) // the interval being summed
	var sum int64
	var best piece
	flush := func() {
		if k < 0 {
			return
		}
		s := ws + k*iv
		e := min(s+iv, we)
		if r.qualifies(sum, e-s) {
			out = append(out, piece{s: s, e: e, cls: best.cls, src: best.src})
			ivs = append(ivs, downInterval{s, e, sum})
		}
	}
	for _, p := range in {
		for s := p.s; s < p.e; {
			kk := (s - ws) / iv
			e := min(p.e, ws+(kk+1)*iv)
			if kk != k {
				flush()
				k, sum, best = kk, 0, p
			} else if p.cls < best.cls {
				best = p
			}
			sum += e - s
			s = e
		}
	}
	flush()
	return out, ivs
}
