package sla

import (
	"cmp"
	"slices"
	"time"

	"github.com/outagekit/postmortem/internal/calendar"
)

// maintenance is an excluded scheduled maintenance, under a policy with a
// maintenance allowance.
type maintenance struct {
	span
	reason string
}

// defaultMaintenanceReason names maintenance whose exclusion gives no
// reason.
const defaultMaintenanceReason = "scheduled maintenance"

// allowance splits the scheduled maintenance ms (each announced with enough
// notice) under the policy's maintenance allowance. It returns the excluded
// part, and records the rest in b.over as downtime pieces at full weight.
//
// Overlapping maintenance counts once (attributed to the one that started
// first, then the one listed first); time another exclusion (others,
// sorted and disjoint) already excludes does not use the allowance. The
// rest uses the allowance of its calendar period in the window's zone in
// the order it happens, split at period boundaries; what is left over is
// downtime.
func (b *builder) allowance(ms []maintenance, others []span) (allowed []span) {
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
	srcOf := map[int32]int32{} // maintenance index → source of its excess
	overCls := int32(-1)
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
					overCls = b.addClass(one)
				}
				src, ok := srcOf[p.src]
				if !ok {
					src = int32(len(b.srcs))
					srcOf[p.src] = src
					reason := ms[p.src].reason
					if reason == "" {
						reason = defaultMaintenanceReason
					}
					b.srcs = append(b.srcs, source{level: underMaintenance, incident: -1, reason: reason})
				}
				b.over = append(b.over, piece{s: s + use, e: e, cls: overCls, src: src})
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
