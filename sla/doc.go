// Package sla measures downtime against a service-level agreement written as
// data.
//
// TODO(issue 3): the package guide.
package sla
