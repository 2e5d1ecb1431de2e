package sla

import (
	"cmp"
	"slices"
)

// This file is the arithmetic core of the measurement: half-open spans of
// nanoseconds since the Unix epoch, each carrying the weight class and the
// impact that set it. Working on int64 instead of time.Time keeps the
// comparisons of a million spans cheap; instants are converted once on the
// way in and once on the way out.

// piece is a span [s, e) of downtime at weight class cls, attributed to
// impact src. Lists of pieces are sorted by s and disjoint (they may touch).
type piece struct {
	s, e int64
	cls  int32 // index into the meter's weight classes; 0 is the heaviest
	src  int32 // index into the meter's impact sources
}

// span is a plain half-open span of nanoseconds.
type span struct{ s, e int64 }

// impact is one impact of a covered component, ready to measure.
type impact struct {
	s, e int64
	cls  int32
	comp int32 // index of the covered component (AllDown)
	src  int32
}

// chain turns impacts of one weight class, sorted by start, into disjoint
// pieces covering their union. Where impacts overlap, the instant is
// attributed to the impact that started first among those active (ties: the
// earlier in input order), so the "why" of every second is stable.
func chain(list []impact, out []piece) []piece {
	base := len(out)
	for _, x := range list {
		n := len(out)
		if n > base && x.s <= out[n-1].e {
			last := &out[n-1]
			if x.e <= last.e {
				continue
			}
			if x.src == last.src {
				last.e = x.e
				continue
			}
			out = append(out, piece{last.e, x.e, x.cls, x.src})
			continue
		}
		out = append(out, piece{x.s, x.e, x.cls, x.src})
	}
	return out
}

// subtract returns the parts of ps outside cut (a sorted list of disjoint
// spans), keeping each part's class and source. Linear.
func subtract(ps []piece, cut []span) []piece {
	if len(cut) == 0 {
		return ps
	}
	out := make([]piece, 0, len(ps))
	j := 0
	for _, p := range ps {
		for j < len(cut) && cut[j].e <= p.s {
			j++
		}
		cur := p.s
		for k := j; k < len(cut) && cut[k].s < p.e; k++ {
			if cut[k].s > cur {
				out = append(out, piece{cur, cut[k].s, p.cls, p.src})
			}
			if cut[k].e > cur {
				cur = cut[k].e
			}
		}
		if cur < p.e {
			out = append(out, piece{cur, p.e, p.cls, p.src})
		}
	}
	return out
}

// unionPieces returns the union of the spans of a (sorted disjoint spans)
// and the pieces of b (sorted disjoint pieces), merging touching spans.
func unionPieces(a []span, b []piece) []span {
	out := make([]span, 0, len(a)+len(b))
	add := func(s, e int64) {
		if n := len(out); n > 0 && s <= out[n-1].e {
			if e > out[n-1].e {
				out[n-1].e = e
			}
			return
		}
		out = append(out, span{s, e})
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || (i < len(a) && a[i].s < b[j].s) {
			add(a[i].s, a[i].e)
			i++
		} else {
			add(b[j].s, b[j].e)
			j++
		}
	}
	return out
}

// envelope combines the chains of several weight classes (index 0 the
// heaviest) into the pieces of the largest weight active at each instant.
func envelope(chains [][]piece) []piece {
	switch len(chains) {
	case 0:
		return nil
	case 1:
		return chains[0]
	}
	kept := make([][]piece, len(chains))
	var cover []span
	total := 0
	for k, ch := range chains {
		kept[k] = subtract(ch, cover)
		total += len(kept[k])
		if k < len(chains)-1 {
			cover = unionPieces(cover, ch)
		}
	}
	return mergeDisjoint(kept, total)
}

// mergeDisjoint merges sorted lists of pieces that are disjoint from each
// other into one sorted list.
func mergeDisjoint(lists [][]piece, total int) []piece {
	out := make([]piece, 0, total)
	heads := make([]int, len(lists))
	for {
		best := -1
		for k, l := range lists {
			if heads[k] < len(l) && (best < 0 || l[heads[k]].s < lists[best][heads[best]].s) {
				best = k
			}
		}
		if best < 0 {
			return out
		}
		out = append(out, lists[best][heads[best]])
		heads[best]++
	}
}

// intersectMin returns the instants covered by both a and b, each at the
// smaller of the two weights (the larger class index); on a tie the piece of
// a keeps the attribution.
func intersectMin(a, b []piece) []piece {
	var out []piece
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		s, e := max(a[i].s, b[j].s), min(a[i].e, b[j].e)
		if s < e {
			p := a[i]
			if b[j].cls > p.cls {
				p = b[j]
			}
			p.s, p.e = s, e
			if n := len(out); n > 0 && out[n-1].e == s && out[n-1].cls == p.cls && out[n-1].src == p.src {
				out[n-1].e = e
			} else {
				out = append(out, p)
			}
		}
		if a[i].e < b[j].e {
			i++
		} else {
			j++
		}
	}
	return out
}

// normalize sorts spans and merges overlapping or touching ones, dropping
// empty spans. It reuses the memory of ss.
func normalize(ss []span) []span {
	out := ss[:0]
	for _, x := range ss {
		if x.s < x.e {
			out = append(out, x)
		}
	}
	sortSpans(out)
	merged := out[:0]
	for _, x := range out {
		if n := len(merged); n > 0 && x.s <= merged[n-1].e {
			if x.e > merged[n-1].e {
				merged[n-1].e = x.e
			}
			continue
		}
		merged = append(merged, x)
	}
	return merged
}

// clipSpans returns the parts of ss (sorted, disjoint) inside [s, e).
func clipSpans(ss []span, s, e int64) []span {
	var out []span
	for _, x := range ss {
		if x.e <= s || x.s >= e {
			continue
		}
		out = append(out, span{max(x.s, s), min(x.e, e)})
	}
	return out
}

// total returns the summed length of ss.
func total(ss []span) int64 {
	var n int64
	for _, x := range ss {
		n += x.e - x.s
	}
	return n
}

// floorDiv returns ⌊a ÷ b⌋ for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// sortSpans sorts ss by start.
func sortSpans(ss []span) {
	slices.SortFunc(ss, func(x, y span) int { return cmp.Compare(x.s, y.s) })
}
