# kmemlab.py: gdb commands for the lab's kernel, the ones kernel engineers
# know from Linux's scripts/gdb, plus kmemleak's view of memory.
#
#   (gdb) source guest-kernel/scripts/gdb/kmemlab.py
#   lx-dmesg            the printk ring buffer (__log_buf), as dmesg prints it
#   lx-ps               every task: address, pid, comm
#   lx-lsmod            the loaded modules: address, name, size, users
#   lx-symbols [DIR..]  add-symbol-file for every loaded module, at the
#                       addresses its sections were loaded at (DIRs are
#                       searched for NAME.ko; default: build/modules next
#                       to the vmlinux gdb read)
#   lx-kmemleak [all]   kmemleak's objects: address, size, colour, age,
#                       comm and pid of the allocation (unreferenced ones,
#                       white and not too young, only; "all" lists all)
#
# Everything is read through the kernel's debug information (it is built
# with -g), so the layouts come from the C types, not from constants here.
# A module's section addresses are found from its symbols: the loaded
# module keeps its symbols (mod->symtab, st_shndx as in the .ko, st_value
# relocated), so a section's load address is a symbol's loaded value minus
# its offset in the .ko file.

import os
import struct

import gdb


def _type(name):
    return gdb.lookup_type(name)


def _offset(typename, field):
    for f in _type(typename).fields():
        if f.name == field:
            return f.bitpos // 8
    raise gdb.GdbError("%s has no field %s" % (typename, field))


def _entries(head, typename, member):
    """The structures on the list_head `head` (a gdb.Value of struct list_head), by their `member`."""
    ptr = _type(typename).pointer()
    off = _offset(typename, member)
    end = int(head.address)
    node = head["next"]
    seen = 0
    while int(node) != end:
        yield gdb.Value(int(node) - off).cast(ptr)
        node = node["next"]
        seen += 1
        if seen > 1000000:
            raise gdb.GdbError("list at 0x%x does not end" % end)


def _mem(addr, n):
    return bytes(gdb.selected_inferior().read_memory(addr, n))


def _str(addr):
    return gdb.Value(addr).cast(_type("char").pointer()).string("latin-1")


class LxDmesg(gdb.Command):
    """Print the kernel log buffer (printk's __log_buf), oldest record first."""

    def __init__(self):
        super().__init__("lx-dmesg", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        buf = gdb.parse_and_eval("__log_buf")
        data = _mem(int(buf.address), buf.type.sizeof)
        idx = int(gdb.parse_and_eval("log_first_idx"))
        end = int(gdb.parse_and_eval("log_next_idx"))
        hdr = _type("struct printk_log").sizeof          # packed: ts_nsec, len, text_len, level
        out = []
        for _ in range(len(data)):
            if idx == end:
                break
            ts, length, text_len, _level = struct.unpack_from("<QHHB", data, idx)
            if length == 0:                                # wrap marker
                idx = 0
                continue
            text = data[idx + hdr:idx + hdr + text_len].decode("utf-8", "replace")
            for line in text.split("\n"):
                out.append("[%5d.%06d] %s\n" % (ts // 1000000000, ts % 1000000000 // 1000, line))
            idx += length
        gdb.write("".join(out))


class LxPs(gdb.Command):
    """List every task: its task_struct address, pid and comm."""

    def __init__(self):
        super().__init__("lx-ps", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        for t in _entries(gdb.parse_and_eval("task_list_head"), "struct task_struct", "tasks"):
            gdb.write("0x%x %d %s\n" % (int(t), int(t["pid"]), t["comm"].string("latin-1")))


def _modules():
    return _entries(gdb.parse_and_eval("modules"), "struct module", "list")


class LxLsmod(gdb.Command):
    """List the loaded modules: address, name, size, reference count and users."""

    def __init__(self):
        super().__init__("lx-lsmod", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        gdb.write("Address            Module                  Size  Used by\n")
        for m in _modules():
            users = [u["source"]["name"].string() for u in _entries(m["source_list"], "struct module_use", "source_list")]
            gdb.write("0x%x %-19s %8d  %d %s\n" % (int(m["core_layout"]["base"]), m["name"].string(),
                                                   int(m["core_layout"]["size"]), int(m["refcnt"]), ",".join(users)))


def _elf(path):
    """Section names and the defined symbols (name -> (section index, value)) of an ELF64 relocatable file."""
    with open(path, "rb") as f:
        d = f.read()
    if d[:4] != b"\x7fELF" or d[4] != 2:
        raise gdb.GdbError("%s is not an ELF64 file" % path)
    shoff, = struct.unpack_from("<Q", d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", d, 0x3a)
    secs = [struct.unpack_from("<IIQQQQIIQQ", d, shoff + i * shentsize) for i in range(shnum)]
    strsec = secs[shstrndx]

    def cstr(off):
        return d[off:d.index(b"\0", off)].decode("latin-1")

    names = [cstr(strsec[4] + s[0]) for s in secs]
    syms = {}
    for s in secs:
        if s[1] != 2:                                  # SHT_SYMTAB
            continue
        strtab = secs[s[6]]
        for k in range(1, s[5] // 24):
            st_name, st_info, _other, shndx, value, _size = struct.unpack_from("<IBBHQQ", d, s[4] + k * 24)
            if 0 < shndx < 0xff00 and st_name != 0:
                syms[cstr(strtab[4] + st_name)] = (shndx, value)
    return names, syms


def _find_ko(name, dirs):
    want = {name + ".ko", name.replace("_", "-") + ".ko"}
    found = []
    for d in dirs:
        for root, _dirs, files in os.walk(d):
            found += [os.path.join(root, f) for f in files if f in want]
    # prefer a file with debug information (a module's unstripped build)
    found.sort(key=lambda p: (b".debug_info" not in open(p, "rb").read(), len(p)))
    return found[0] if found else None


class LxSymbols(gdb.Command):
    """Load the symbols of every loaded module at its load address: lx-symbols [DIR...]."""

    def __init__(self):
        super().__init__("lx-symbols", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        dirs = gdb.string_to_argv(arg)
        if not dirs:
            vmlinux = gdb.current_progspace().filename or ""
            dirs = [os.path.join(os.path.dirname(os.path.abspath(vmlinux)), "..", "modules")]
        for m in _modules():
            name = m["name"].string()
            path = _find_ko(name, dirs)
            if path is None:
                gdb.write("no module object found for '%s'\n" % name)
                continue
            names, syms = _elf(path)
            bases = {}
            table = int(m["symtab"])
            strtab = int(m["strtab"])
            for k in range(1, int(m["num_symtab"])):
                st_name, _info, _other, shndx, value, _size = struct.unpack("<IBBHQQ", _mem(table + k * 24, 24))
                sname = _str(strtab + st_name)
                if sname in syms and syms[sname][0] == shndx and shndx not in bases:
                    bases[shndx] = value - syms[sname][1]
            sects = {names[i]: a for i, a in bases.items()}
            if not sects:
                gdb.write("module %s: none of its symbols is in %s; skipped\n" % (name, path))
                continue
            text = sects.pop(".text", None)
            cmd = "add-symbol-file %s" % path + (" 0x%x" % text if text is not None else "")
            cmd += "".join(" -s %s 0x%x" % (s, a) for s, a in sorted(sects.items()))
            gdb.write("loading @0x%x: %s\n" % (text if text is not None else min(sects.values()), path))
            gdb.execute(cmd, False, True)


class LxKmemleak(gdb.Command):
    """List kmemleak's objects: lx-kmemleak [all] (default: the unreferenced ones it would report)."""

    def __init__(self):
        super().__init__("lx-kmemleak", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        everything = arg.strip() == "all"
        layout = gdb.parse_and_eval("kmemleak_layout")
        hz = int(layout["hz"])
        allocated, reported = int(layout["flag_allocated"]), int(layout["flag_reported"])
        min_age = int(layout["msecs_min_age"]) * hz // 1000
        now = int(gdb.parse_and_eval("jiffies_64"))
        last_scan = int(gdb.parse_and_eval("jiffies_last_scan"))
        n = 0
        for o in _entries(gdb.parse_and_eval("object_list"), "struct kmemleak_object", "object_list"):
            count, min_count, flags = int(o["count"]), int(o["min_count"]), int(o["flags"])
            if min_count == -1:
                colour = "black"
            elif count < min_count:
                colour = "white"
            else:
                colour = "gray"
            born = int(o["jiffies"])
            unreferenced = colour == "white" and flags & allocated and born + min_age <= last_scan
            if not everything and not unreferenced:
                continue
            age = (now - born) / hz
            gdb.write("0x%x size %d %s age %.3fs comm \"%s\" pid %d%s\n" % (
                int(o["pointer"]), int(o["size"]), colour, age, o["comm"].string("latin-1"), int(o["pid"]),
                " reported" if flags & reported else ""))
            n += 1
        gdb.write("%d object(s)\n" % n)


LxDmesg()
LxPs()
LxLsmod()
LxSymbols()
LxKmemleak()
