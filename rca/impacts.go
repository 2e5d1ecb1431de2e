package rca

import (
	"cmp"
	"slices"
)

// EffectiveImpacts returns the incident's impacts: a sorted copy of Impacts
// when it is not empty, else DerivedImpacts. Either way the result is in a
// deterministic order: by start, then component, then level, then end (an
// ongoing impact, with a zero End, sorts before ended ones of the same
// start, component and level). The result is a new slice the caller may
// modify.
func (inc *Incident) EffectiveImpacts() []Impact {
	if len(inc.Impacts) == 0 {
		return inc.DerivedImpacts()
	}
	out := slices.Clone(inc.Impacts)
	sortImpacts(out)
	return out
}

// DerivedImpacts returns the impacts described by the component changes of
// the timeline, ignoring Impacts, in the order of EffectiveImpacts.
//
// Events are taken in order of time (events at the same instant in the
// order written). A component is at a level from the event that moves it
// there until the next event that changes it: a change to another level or
// share ends the impact and starts the next one at the same instant; a change
// to Operational ends it; a change to the level and share the component is
// already at changes nothing. A component that never returns to Operational
// has an ongoing impact (zero End). A derived impact is Approximate when the
// event that starts or ends it is; its Note is empty.
func (inc *Incident) DerivedImpacts() []Impact {
	ds := inc.derive()
	out := make([]Impact, len(ds))
	for i, d := range ds {
		out[i] = d.Impact
	}
	sortImpacts(out)
	return out
}

// derivedImpact is an impact derived from the timeline with the places that
// start and end it, for validation messages. To.Event is -1 while ongoing.
type derivedImpact struct {
	Impact
	From, To changeRef
}

// changeRef locates a change: timeline[Event].changes[Change].
type changeRef struct{ Event, Change int }

// derive walks the component changes in order of time. The result is in the
// order the impacts end (ongoing ones last, by component).
func (inc *Incident) derive() []derivedImpact {
	order := make([]int, len(inc.Timeline))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return inc.Timeline[a].At.Compare(inc.Timeline[b].At)
	})

	open := map[string]*derivedImpact{}
	var out []derivedImpact
	for _, ei := range order {
		ev := &inc.Timeline[ei]
		for ci, ch := range ev.Changes {
			cur := open[ch.Component]
			if cur != nil && cur.Level == ch.Status && cur.Affected.Equal(ch.Affected) {
				continue // already there
			}
			if cur != nil {
				cur.End = ev.At
				cur.Approximate = cur.Approximate || ev.Approximate
				cur.To = changeRef{ei, ci}
				out = append(out, *cur)
				delete(open, ch.Component)
			}
			if ch.Status == Operational {
				continue
			}
			open[ch.Component] = &derivedImpact{
				Impact: Impact{
					Component:   ch.Component,
					Level:       ch.Status,
					Start:       ev.At,
					Affected:    ch.Affected,
					Approximate: ev.Approximate,
				},
				From: changeRef{ei, ci},
				To:   changeRef{-1, -1},
			}
		}
	}
	names := make([]string, 0, len(open))
	for name := range open {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		out = append(out, *open[name])
	}
	return out
}

// sortImpacts sorts impacts by start, component, level and end.
func sortImpacts(imps []Impact) {
	slices.SortStableFunc(imps, compareImpacts)
}

func compareImpacts(a, b Impact) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Component, b.Component); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Level, b.Level); c != 0 {
		return c
	}
	return a.End.Compare(b.End)
}

// AllComponents returns the names of the incident's components: those
// listed in Components, in their order, then those that appear only in the
// effective impacts, in order of first impact. Each name appears once.
func (inc *Incident) AllComponents() []string {
	seen := map[string]bool{}
	var out []string
	add := func(name string) {
		if name != "" && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	for _, c := range inc.Components {
		add(c)
	}
	for _, imp := range inc.EffectiveImpacts() {
		add(imp.Component)
	}
	return out
}
