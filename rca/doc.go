// Package rca models an incident and its root-cause analysis.
//
// TODO(issue 2): the package guide.
package rca
