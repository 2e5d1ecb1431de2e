package sla

import (
	"cmp"
	"slices"
	"time"

	"github.com/outagekit/postmortem/internal/calendar"
)

// allowance splits the scheduled maintenance ms (each announced with enough
// notice) under the policy's maintenance allowance. It returns the excluded
// part, and records the rest in b.over as downtime pieces at full weight.
//
// Overlapping maintenance counts once; time another exclusion (others,
// sorted and disjoint) already excludes does not use the allowance. The
// rest uses the allowance of its calendar period in the window's zone in
// the order it happens, split at period boundaries; what is left over is
// downtime.
func (b *builder) allowance(ms []span, others []span) (allowed []span) {
	imps := make([]impact, len(ms))
	for i, m := range ms {
		imps[i] = impact{s: m.s, e: m.e, src: int32(i)}
	}
	slices.SortStableFunc(imps, func(x, y impact) int { return cmp.Compare(x.s, y.s) })
	ps := subtract(chain(imps, nil), others)
	if len(ps) == 0 {
		return nil
	}
	rule := b.p.Maintenance
	periods := calendar.Windows(rule.AllowancePer.months(), b.loc, time.Unix(0, ps[0].s), time.Unix(0, ps[len(ps)-1].e))
	overCls, overSrc := int32(-1), int32(-1)
	k, left := -1, int64(0)
	for _, p := range ps {
		for s := p.s; s < p.e; {
			for k < 0 || periods[k].End.UnixNano() <= s {
				k++
				left = int64(rule.Allowance)
			}
			e := min(p.e, periods[k].End.UnixNano())
			use := min(left, e-s)
			if use > 0 {
				allowed = append(allowed, span{s, s + use})
				left -= use
			}
			if s+use < e {
				if overCls < 0 {
					overCls, overSrc = b.addClass(one), int32(len(b.srcs))
					b.srcs = append(b.srcs, source{level: underMaintenance, incident: -1})
				}
				if n := len(b.over); n > 0 && b.over[n-1].e == s+use {
					b.over[n-1].e = e
				} else {
					b.over = append(b.over, piece{s: s + use, e: e, cls: overCls, src: overSrc})
				}
			}
			s = e
		}
	}
	return allowed
}

// overlay returns ps (sorted, disjoint) with the pieces of over (sorted,
// disjoint) put over them: where both have downtime, over's piece counts.
func overlay(ps, over []piece) []piece {
	if len(over) == 0 {
		return ps
	}
	cut := make([]span, len(over))
	for i, p := range over {
		cut[i] = span{p.s, p.e}
	}
	under := subtract(ps, cut)
	return mergeDisjoint([][]piece{under, over}, len(under)+len(over))
}
