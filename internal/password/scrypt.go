package password

import "errors"

func newFSAScrypt(opts map[string]any) (scheme, error) { return nil, errors.New("fsa:scrypt: to do") }
