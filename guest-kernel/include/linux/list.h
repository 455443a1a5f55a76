/* list.h: doubly linked circular lists, Linux's API. */
#ifndef _LINUX_LIST_H
#define _LINUX_LIST_H
#include <linux/types.h>
#include <linux/stddef.h>
#define LIST_POISON1 ((void *)0xdead000000000100UL)
#define LIST_POISON2 ((void *)0xdead000000000122UL)
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define LIST_HEAD_INIT(n) { &(n), &(n) }
#define LIST_HEAD(n) struct list_head n = LIST_HEAD_INIT(n)
static inline void INIT_LIST_HEAD(struct list_head *l) { l->next = l; l->prev = l; }
static inline void __list_add(struct list_head *n, struct list_head *prev, struct list_head *next)
{ next->prev = n; n->next = next; n->prev = prev; prev->next = n; }
static inline void list_add(struct list_head *n, struct list_head *h) { __list_add(n, h, h->next); }
static inline void list_add_tail(struct list_head *n, struct list_head *h) { __list_add(n, h->prev, h); }
static inline void __list_del(struct list_head *p, struct list_head *n) { n->prev = p; p->next = n; }
static inline void __list_del_entry(struct list_head *e) { __list_del(e->prev, e->next); }
static inline void list_del(struct list_head *e)
{ __list_del_entry(e); e->next = LIST_POISON1; e->prev = LIST_POISON2; }
static inline void list_del_init(struct list_head *e) { __list_del_entry(e); INIT_LIST_HEAD(e); }
static inline void list_move_tail(struct list_head *e, struct list_head *h) { __list_del_entry(e); list_add_tail(e, h); }
static inline void list_move(struct list_head *e, struct list_head *h) { __list_del_entry(e); list_add(e, h); }
static inline int list_empty(const struct list_head *h) { return h->next == h; }
#define list_entry(p, T, m) container_of(p, T, m)
#define list_first_entry(h, T, m) list_entry((h)->next, T, m)
#define list_last_entry(h, T, m) list_entry((h)->prev, T, m)
#define list_first_entry_or_null(h, T, m) (list_empty(h) ? NULL : list_first_entry(h, T, m))
#define list_next_entry(p, m) list_entry((p)->m.next, __typeof__(*(p)), m)
#define list_for_each(p, h) for (p = (h)->next; p != (h); p = p->next)
#define list_for_each_safe(p, n, h) for (p = (h)->next, n = p->next; p != (h); p = n, n = p->next)
#define list_for_each_entry(p, h, m) \
	for (p = list_entry((h)->next, __typeof__(*p), m); &p->m != (h); p = list_entry(p->m.next, __typeof__(*p), m))
#define list_for_each_entry_safe(p, n, h, m) \
	for (p = list_entry((h)->next, __typeof__(*p), m), n = list_entry(p->m.next, __typeof__(*p), m); \
	     &p->m != (h); p = n, n = list_entry(n->m.next, __typeof__(*n), m))
#define list_for_each_entry_continue(p, h, m) \
	for (p = list_entry(p->m.next, __typeof__(*p), m); &p->m != (h); p = list_entry(p->m.next, __typeof__(*p), m))
#define list_for_each_entry_rcu list_for_each_entry
#define list_add_tail_rcu list_add_tail
#define list_del_rcu list_del
#define INIT_HLIST_HEAD(h) ((h)->first = NULL)
static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{ n->next = h->first; if (h->first) h->first->pprev = &n->next; h->first = n; n->pprev = &h->first; }
static inline void hlist_del(struct hlist_node *n)
{ *n->pprev = n->next; if (n->next) n->next->pprev = n->pprev; n->next = LIST_POISON1; n->pprev = LIST_POISON2; }
#endif
