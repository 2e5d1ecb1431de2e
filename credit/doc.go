// Package credit computes prorated refunds and service credits for
// subscriptions from SLA results.
//
// TODO(issue 4): the package guide.
package credit
