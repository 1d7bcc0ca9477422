package acmeapp

import (
	"context"
	"net/http"
	"regexp"
	"sync"

	"github.com/fsa-go/fsa-go/fsa"
)

// Data is Acme's toy in-memory database: users who own stuff at a price.
// It is safe for concurrent use.
type Data struct {
	mu     sync.RWMutex
	users  map[string]*user
	stuff  map[string]*stuff
	stuffs []string // stuff names, in creation order
}

type user struct {
	hash, email string
	admin       bool
}

type stuff struct {
	owner string
	price float64
}

// NewData returns an empty database.
func NewData() *Data {
	return &Data{users: map[string]*user{}, stuff: map[string]*stuff{}}
}

// loginName is what a login must look like.
var loginName = regexp.MustCompile(`^[a-z][a-z0-9]+$`)

// AddUser adds a user with a password hash: 409 if the login exists, 400
// if it is not a lower-case word.
func (d *Data) AddUser(login, hash, email string, admin bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.users[login]; ok {
		return fsa.Err(http.StatusConflict, "cannot overwrite existing user: "+login)
	}
	if !loginName.MatchString(login) {
		return fsa.Err(http.StatusBadRequest, "invalid login name: "+login)
	}
	d.users[login] = &user{hash: hash, email: email, admin: admin}
	return nil
}

// GetUserPass returns the password hash of a login, "" if no such user.
func (d *Data) GetUserPass(_ context.Context, login string) (string, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if u, ok := d.users[login]; ok {
		return u.hash, nil
	}
	return "", nil
}

// SetUserPass replaces the password hash of a login: Acme's
// PasswordRehash hook, which moves a user to the first scheme of
// FSA_PASSWORD_SCHEME at their next login. No such user is a 404.
func (d *Data) SetUserPass(_ context.Context, login, hash string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	u, ok := d.users[login]
	if !ok {
		return fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	u.hash = hash
	return nil
}

// UserIsAdmin tells whether a login is an administrator.
func (d *Data) UserIsAdmin(_ context.Context, login string) (bool, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	u, ok := d.users[login]
	return ok && u.admin, nil
}

// AddStuff adds a stuff owned by login: 409 if it exists, 404 if there
// is no such user.
func (d *Data) AddStuff(name, login string, price float64) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.stuff[name]; ok {
		return fsa.Err(http.StatusConflict, "cannot overwrite existing stuff: "+name)
	}
	if _, ok := d.users[login]; !ok {
		return fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	d.stuff[name] = &stuff{owner: login, price: price}
	d.stuffs = append(d.stuffs, name)
	return nil
}

// UserStuff returns the [name, price] pairs of the stuff of login.
func (d *Data) UserStuff(login string) ([][2]any, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if _, ok := d.users[login]; !ok {
		return nil, fsa.Err(http.StatusNotFound, "no such user: "+login)
	}
	list := [][2]any{}
	for _, name := range d.stuffs {
		if s := d.stuff[name]; s.owner == login {
			list = append(list, [2]any{name, s.price})
		}
	}
	return list, nil
}

// StuffPermission is the permission hook of domain "stuff": the owner of
// a stuff may do anything with it, others nothing.
func (d *Data) StuffPermission(_ context.Context, login, name, _ string) (fsa.Permission, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	s, ok := d.stuff[name]
	switch {
	case !ok:
		return fsa.NotFound, nil
	case s.owner == login:
		return fsa.Allowed, nil
	}
	return fsa.Forbidden, nil
}

// SetPrice changes the price of a stuff: 404 if there is none.
func (d *Data) SetPrice(name string, price float64) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, ok := d.stuff[name]
	if !ok {
		return fsa.Err(http.StatusNotFound, "no such stuff: "+name)
	}
	s.price = price
	return nil
}
