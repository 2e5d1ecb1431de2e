// Package postmortem turns an outage into an honest account of it and the
// money owed.
//
// TODO(issue 2): the guide to the whole library, with a runnable end-to-end
// example in example_test.go.
package postmortem
