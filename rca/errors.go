package rca

import "github.com/outagekit/postmortem/problem"

// Problem is one thing wrong with an input, located by file, line, column
// and field path ("timeline[3].at"): another name of problem.Problem, which
// the sla and credit packages report their problems with too.
//
// Problem is a plain value: safe for concurrent use.
type Problem = problem.Problem

// ValidationError is another name of problem.Error, the error returned
// when an input has problems. It lists every problem found, not only the
// first; inspect it with errors.As:
//
//	var verr *rca.ValidationError
//	if errors.As(err, &verr) {
//		for _, p := range verr.Problems { … }
//	}
//
// ValidationError is safe for concurrent use as long as no goroutine
// modifies it (its slices and maps are shared, not copied).
type ValidationError = problem.Error
