// Command starter is the ops CLI: start and follow campaigns, act as creator
// or approver from the terminal, print reports.
package main

import (
	"os"

	"github.com/creatorflow/creatorflow/starter/cli"
)

func main() { os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr)) }
