package source_test

import (
	"fmt"

	"github.com/outagekit/postmortem/source"
)

func ExampleFileNames() {
	fmt.Println(source.FileNames([]string{"INC/42", "dup", "DUP", "con", ""}, "yaml"))
	// Output:
	// [INC_42.yaml dup.yaml DUP-2.yaml _con.yaml incident.yaml]
}
