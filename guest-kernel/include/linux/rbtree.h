/* rbtree.h: red-black trees with Linux's interface (lib/rbtree.c). */
#ifndef _LINUX_RBTREE_H
#define _LINUX_RBTREE_H
#include <linux/types.h>
#include <linux/stddef.h>
struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __aligned(sizeof(long));
struct rb_root { struct rb_node *rb_node; };
#define RB_ROOT (struct rb_root) { NULL, }
#define rb_parent(r) ((struct rb_node *)((r)->__rb_parent_color & ~3))
#define rb_entry(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define rb_entry_safe(ptr, type, member) ({ __typeof__(ptr) ____p = (ptr); ____p ? rb_entry(____p, type, member) : NULL; })
#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent, struct rb_node **link)
{ node->__rb_parent_color = (unsigned long)parent; node->rb_left = node->rb_right = NULL; *link = node; }
void rb_insert_color(struct rb_node *, struct rb_root *);
void rb_erase(struct rb_node *, struct rb_root *);
struct rb_node *rb_next(const struct rb_node *);
struct rb_node *rb_prev(const struct rb_node *);
struct rb_node *rb_first(const struct rb_root *);
struct rb_node *rb_last(const struct rb_root *);
#endif
