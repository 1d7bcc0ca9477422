//go:build race

package examples_test

// raceBuild: the test runs with -race, so the binaries are built with it
// too, from the packages the test build already compiled.
const raceBuild = true
