/*
 * rbtree.c: red-black tree insert rebalancing and erase (CLRS), behind
 * Linux's rb_* interface. The parent pointer and colour share
 * __rb_parent_color (bit 0: 1 = black).
 */
#include <linux/rbtree.h>
#include <linux/export.h>

#define RB_RED 0
#define RB_BLACK 1
#define color(n) ((n)->__rb_parent_color & 1)
#define is_red(n) ((n) && color(n) == RB_RED)
#define is_black(n) (!(n) || color(n) == RB_BLACK)

static inline void set_parent(struct rb_node *n, struct rb_node *p)
{
	n->__rb_parent_color = (n->__rb_parent_color & 1) | (unsigned long)p;
}

static inline void set_color(struct rb_node *n, int c)
{
	n->__rb_parent_color = (n->__rb_parent_color & ~1UL) | c;
}

static void replace_child(struct rb_node *old, struct rb_node *new, struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

static void rotate_left(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_right, *p = rb_parent(x);
	x->rb_right = y->rb_left;
	if (y->rb_left)
		set_parent(y->rb_left, x);
	set_parent(y, p);
	replace_child(x, y, p, root);
	y->rb_left = x;
	set_parent(x, y);
}

static void rotate_right(struct rb_node *x, struct rb_root *root)
{
	struct rb_node *y = x->rb_left, *p = rb_parent(x);
	x->rb_left = y->rb_right;
	if (y->rb_right)
		set_parent(y->rb_right, x);
	set_parent(y, p);
	replace_child(x, y, p, root);
	y->rb_right = x;
	set_parent(x, y);
}

void rb_insert_color(struct rb_node *z, struct rb_root *root)
{
	struct rb_node *p, *g, *u;

	set_color(z, RB_RED);
	while ((p = rb_parent(z)) && color(p) == RB_RED) {
		g = rb_parent(p);
		if (p == g->rb_left) {
			u = g->rb_right;
			if (is_red(u)) {
				set_color(p, RB_BLACK);
				set_color(u, RB_BLACK);
				set_color(g, RB_RED);
				z = g;
				continue;
			}
			if (z == p->rb_right) {
				rotate_left(p, root);
				z = p;
				p = rb_parent(z);
			}
			set_color(p, RB_BLACK);
			set_color(g, RB_RED);
			rotate_right(g, root);
		} else {
			u = g->rb_left;
			if (is_red(u)) {
				set_color(p, RB_BLACK);
				set_color(u, RB_BLACK);
				set_color(g, RB_RED);
				z = g;
				continue;
			}
			if (z == p->rb_left) {
				rotate_right(p, root);
				z = p;
				p = rb_parent(z);
			}
			set_color(p, RB_BLACK);
			set_color(g, RB_RED);
			rotate_left(g, root);
		}
	}
	set_color(root->rb_node, RB_BLACK);
}
EXPORT_SYMBOL(rb_insert_color);

static void erase_fixup(struct rb_node *x, struct rb_node *parent, struct rb_root *root)
{
	struct rb_node *w;

	while (x != root->rb_node && is_black(x)) {
		if (x == parent->rb_left) {
			w = parent->rb_right;
			if (is_red(w)) {
				set_color(w, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_left(parent, root);
				w = parent->rb_right;
			}
			if (is_black(w->rb_left) && is_black(w->rb_right)) {
				set_color(w, RB_RED);
				x = parent;
				parent = rb_parent(x);
			} else {
				if (is_black(w->rb_right)) {
					set_color(w->rb_left, RB_BLACK);
					set_color(w, RB_RED);
					rotate_right(w, root);
					w = parent->rb_right;
				}
				set_color(w, color(parent));
				set_color(parent, RB_BLACK);
				if (w->rb_right)
					set_color(w->rb_right, RB_BLACK);
				rotate_left(parent, root);
				x = root->rb_node;
				break;
			}
		} else {
			w = parent->rb_left;
			if (is_red(w)) {
				set_color(w, RB_BLACK);
				set_color(parent, RB_RED);
				rotate_right(parent, root);
				w = parent->rb_left;
			}
			if (is_black(w->rb_left) && is_black(w->rb_right)) {
				set_color(w, RB_RED);
				x = parent;
				parent = rb_parent(x);
			} else {
				if (is_black(w->rb_left)) {
					set_color(w->rb_right, RB_BLACK);
					set_color(w, RB_RED);
					rotate_left(w, root);
					w = parent->rb_left;
				}
				set_color(w, color(parent));
				set_color(parent, RB_BLACK);
				if (w->rb_left)
					set_color(w->rb_left, RB_BLACK);
				rotate_right(parent, root);
				x = root->rb_node;
				break;
			}
		}
	}
	if (x)
		set_color(x, RB_BLACK);
}

void rb_erase(struct rb_node *z, struct rb_root *root)
{
	struct rb_node *y = z, *x, *xparent;
	int ycolor = color(y);

	if (!z->rb_left) {
		x = z->rb_right;
		xparent = rb_parent(z);
		replace_child(z, x, xparent, root);
		if (x)
			set_parent(x, xparent);
	} else if (!z->rb_right) {
		x = z->rb_left;
		xparent = rb_parent(z);
		replace_child(z, x, xparent, root);
		set_parent(x, xparent);
	} else {
		y = z->rb_right;
		while (y->rb_left)
			y = y->rb_left;
		ycolor = color(y);
		x = y->rb_right;
		if (rb_parent(y) == z) {
			xparent = y;
		} else {
			xparent = rb_parent(y);
			xparent->rb_left = x;
			if (x)
				set_parent(x, xparent);
			y->rb_right = z->rb_right;
			set_parent(z->rb_right, y);
		}
		replace_child(z, y, rb_parent(z), root);
		set_parent(y, rb_parent(z));
		y->rb_left = z->rb_left;
		set_parent(z->rb_left, y);
		set_color(y, color(z));
	}
	if (ycolor == RB_BLACK)
		erase_fixup(x, xparent, root);
}
EXPORT_SYMBOL(rb_erase);

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;
	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}
EXPORT_SYMBOL(rb_first);

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;
	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}
EXPORT_SYMBOL(rb_last);

struct rb_node *rb_next(const struct rb_node *n)
{
	struct rb_node *p;
	if (n->rb_right) {
		n = n->rb_right;
		while (n->rb_left)
			n = n->rb_left;
		return (struct rb_node *)n;
	}
	while ((p = rb_parent(n)) && n == p->rb_right)
		n = p;
	return p;
}
EXPORT_SYMBOL(rb_next);

struct rb_node *rb_prev(const struct rb_node *n)
{
	struct rb_node *p;
	if (n->rb_left) {
		n = n->rb_left;
		while (n->rb_right)
			n = n->rb_right;
		return (struct rb_node *)n;
	}
	while ((p = rb_parent(n)) && n == p->rb_left)
		n = p;
	return p;
}
EXPORT_SYMBOL(rb_prev);
