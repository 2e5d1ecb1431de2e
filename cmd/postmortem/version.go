package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

const versionUsage = `
Usage: postmortem version

Prints the module version the binary was built from ("devel" for a build
from a checkout) and the Go version.
`

func runVersion(e *env, args []string) error {
	fs := newFlags(e, "version", versionUsage)
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	fmt.Fprintf(e.stdout, "postmortem %s %s\n", moduleVersion(), runtime.Version())
	return nil
}

// moduleVersion is the main module's version from the build info, or
// "devel" when it has none (go run, go build in a checkout).
func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" || bi.Main.Version == "(devel)" {
		return "devel"
	}
	return bi.Main.Version
}
