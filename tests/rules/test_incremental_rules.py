"""A long-lived workspace reports, after each edit, exactly the findings a cold workspace reports.

The rules remember what they evaluate per function across runs (`rules/_facts.py`), reused while
what the evaluation read is unchanged. Each step below edits one module of a small gevent program
(the analysed file itself, or a module it imports) in one workspace kept across the steps, then
compares its findings with those of a fresh workspace given the same texts: both for the editor
path (`analyze_file` of the edited file and of the entry module) and for the whole folder.
The edits add and remove spawn sites, change which classes a module-level name holds (read by
the rules but not by the collection of the module that reads it), what a callee passes on and
shares, which class reaches a parameter (through a module neither the caller's nor the callee's
text names), whether a callee switches, whether a `with` holds a lock, what is handed to a
thread pool, and what is monkey patched. The last steps edit what SP103 needs of a loop over a shared
container whose body switches: whether the body switches, whether the container is shared, and which
containers code elsewhere changes in place, through accessors in modules neither the loop's nor the
changing function's text is (what each function changes in place, and each accessor's summary, is
remembered across runs). The very last ones edit who calls a function that is otherwise only run on a
thread pool (SP201 exempts it), through a module neither's text is, and take that caller out of the
graph (hub-blocking-call keeps an index of callers across runs). The ones after those edit, in the module
of a shared subclass, what its override returns and what it assigns to an attribute its base reads, and
which subclass is shared: whether a possible point of the base's methods counts (`rules/_switches.py`).
"""

from __future__ import annotations

import textwrap

from switchpoint.analysis.api import Options, open_workspace

COUNTERS = textwrap.dedent("""\
    import gevent


    class Counter:
        def __init__(self):
            self.n = 0

        def bump(self):
            n = self.n
            gevent.sleep(0)
            self.n = n + 1


    class Plain:
        def __init__(self):
            self.n = 0

        def bump(self):
            self.n = self.n + 1


    def fetch():
        gevent.sleep(0)
        return 1
""")

LIB = textwrap.dedent("""\
    import time

    import gevent
    import gevent.lock
    from counters import Counter, Plain, fetch

    STATE = Counter()


    def helper(box):
        box.n = box.n + fetch()


    def worker(counter, items):
        helper(counter)
        for item in items:
            gevent.sleep(0)
            items.append(item)


    def start(counter):
        return gevent.spawn(worker, counter, [])


    TOTALS = {}


    def relay(box):
        use(box)


    def use(thing):
        n = TOTALS.get("k", 0)
        thing.bump()  # a possible switch point: counts when a Counter can reach `thing`
        TOTALS["k"] = n + 1


    GUARD = gevent.lock.Semaphore()


    def add():  # only ever called with GUARD held, while GUARD is a lock
        n = TOTALS.get("a", 0)
        gevent.sleep(0)
        TOTALS["a"] = n + 1


    def slow():
        time.sleep(1)  # blocks the hub, unless run on a thread pool


    def slower():
        time.sleep(2)


    job = slow
""")

JOBS = textwrap.dedent("""\
    import gevent


    class Job:
        def __init__(self):
            self.done = 0

        def step(self):
            done = self.done
            gevent.sleep(0)
            self.done = done + 1


    class Other:
        def __init__(self):
            self.done = 0

        def step(self):
            done = self.done
            gevent.sleep(0)
            self.done = done + 1
""")

FACTORY = textwrap.dedent("""\
    from jobs import Job, Other


    def make():
        return Job()
""")

# what `launch` shares is only what its callers pass: the classes of its argument (CallGraph.refine_with_arguments)
POOL = textwrap.dedent("""\
    import gevent


    def launch(job):
        gevent.spawn(run, job)


    def run(job):
        job.step()
""")

# containers changed in place through accessors: `alias.put` is one of two helpers, `box.put` a method
REGISTRY = textwrap.dedent("""\
    from counters import fetch


    class Registry:
        def __init__(self):
            self.entries = {}

        def put(self, key, value):
            self.entries[key] = value


    class Ledger:
        def __init__(self):
            self.entries = {}

        def put(self, key, value):
            self.entries = {key: value}  # rebinds: no change in place


    def put_entry(box, key, value):
        box.cells[key] = value


    def put_other(box, key, value):
        box.others[key] = value


    class Book:
        def __init__(self):
            self.pages = []

        def add(self, page):
            self.pages.append(page)

        def read(self):
            for page in self.pages:  # SP103 while a Book is shared
                fetch()
""")

ALIAS = textwrap.dedent("""\
    from registry import put_entry, put_other

    put = put_entry
""")

STORE = textwrap.dedent("""\
    import alias
    import gevent


    def fill(box):
        alias.put(box, "k", 1)


    def relay(box):
        relay_fill(box)


    # what reaches their box is known from relay's callers only (Program.param_classes), not to the evaluator
    def relay_fill(box):
        fill_any(box)


    def fill_any(box):
        box.put("k", 1)


    def drain(box):
        for key in box.entries:  # SP103 while a Registry reaches fill_any's box
            gevent.sleep(0)
""")

# what runner.run_now calls: a function that blocks the hub unless every caller of it runs on a thread pool
CHOOSER = textwrap.dedent("""\
    from app import blocking_helper, idle

    now = idle
""")

RUNNER = textwrap.dedent("""\
    import chooser


    def run_now():
        chooser.now()
""")

APP = textwrap.dedent("""\
    import time
    from concurrent.futures import ThreadPoolExecutor

    import counters
    import factory
    import gauges
    import gevent
    import lib
    import pool
    import registry
    import runner
    import store

    POOL = ThreadPoolExecutor()

    SHARED = lib.STATE
    ITEMS = []


    def main():
        counter = lib.Counter()
        gevent.spawn(lib.worker, counter, ITEMS)
        counter.bump()
        SHARED.bump()
        for item in ITEMS:
            gevent.sleep(0)
        lib.relay(counters.Counter())
        pool.launch(factory.make())
        with lib.GUARD:
            lib.add()
        lib.slow()
        lib.slower()
        POOL.submit(lib.job)
        POOL.submit(offloaded)
        return counter


    def blocking_helper():
        time.sleep(1)  # SP201 unless only ever run on a thread pool


    def offloaded():
        blocking_helper()


    def idle():
        pass


    def later():
        runner.run_now()


    def tally(box):
        box.n = box.n + lib.fetch()


    REGISTRY = registry.Registry()
    LEDGER = registry.Ledger()


    def sweep():
        for key in REGISTRY.cells:  # SP103 while store.fill changes REGISTRY.cells in place
            counters.fetch()


    def fill_scratch():  # walked first: fill_registry's walk reuses the accessor summary of store.fill
        store.fill(registry.Ledger())


    def fill_registry():
        store.fill(REGISTRY)


    def keep_helpers():  # both stay in the graph whichever alias.put is
        box = registry.Ledger()
        registry.put_entry(box, "k", 1)
        registry.put_other(box, "k", 1)


    def start_drains():
        gevent.spawn(store.drain, LEDGER)
        gevent.spawn(store.relay, LEDGER)


    METER = gauges.NetMeter()


    def share_meter():
        gevent.spawn(METER.add)
        gevent.spawn(METER.add_source)
        gauges.LocalMeter().add()
        gauges.LocalMeter().add_source()


    def share_book():
        book = registry.Book()
        gevent.spawn(book.read)
        book.add(1)
""")

# a possible point through what a subclass's override returns or a subclass assigns (a "result" and an "attr" key):
# it counts while the shared subclass's own override or assignment makes it switch, edited in another module
METERS = textwrap.dedent("""\
    import gevent


    class Quiet:
        def size(self):
            return 0


    class Loud:
        def size(self):
            gevent.sleep(0)
            return 1


    class Meter:
        source = Quiet()

        def __init__(self):
            self.total = 0

        def reader(self):
            return Quiet()

        def add(self):
            self.total = self.total + self.reader().size()

        def add_source(self):
            self.total = self.total + self.source.size()
""")

GAUGES = textwrap.dedent("""\
    from meters import Loud, Meter, Quiet


    class NetMeter(Meter):
        def __init__(self):
            super().__init__()
            self.source = Quiet()

        def reader(self):
            return Quiet()


    class PlainMeter(Meter):
        pass


    class LocalMeter(Meter):  # never shared: its Loud makes the points possible, confirms nothing
        source = Loud()

        def reader(self):
            return Loud()
""")

# (module edited, old text, new text): applied in order, each on the texts the previous steps left
EDITS = [
    ("app", "    gevent.spawn(lib.worker, counter, ITEMS)\n", ""),  # app's own spawn site removed
    ("lib", "    return gevent.spawn(worker, counter, [])\n", "    return worker\n"),  # no spawn left
    ("lib", "    return worker\n", "    return gevent.spawn(worker, counter, [])\n"),  # one again, elsewhere
    ("lib", "STATE = Counter()\n", "STATE = Plain()\n"),  # what app's SHARED holds
    ("app", "import lib\n", "import lib\n\nlib.start(lib.STATE)\n"),  # a spawn through lib, from app
    ("lib", "    helper(counter)\n", "    pass\n"),  # worker no longer passes its counter on
    ("counters", "def fetch():\n    gevent.sleep(0)\n", "def fetch():\n"),  # fetch stops switching
    ("counters", "def fetch():\n", "def fetch():\n    gevent.sleep(0)\n"),
    ("lib", "STATE = Plain()\n", "STATE = Counter()\n"),
    ("app", "    counter.bump()\n", "    gevent.spawn(lib.worker, counter, ITEMS)\n    counter.bump()\n"),
    ("app", "    SHARED.bump()\n", "    tally(SHARED)\n"),  # SHARED now flows into a parameter
    ("lib", "    pass\n", "    helper(counter)\n"),
    ("counters", "def fetch():\n    gevent.sleep(0)\n", "def fetch():\n"),
    ("app", "    tally(SHARED)\n", "    SHARED.bump()\n"),
    ("counters", "def fetch():\n", "def fetch():\n    gevent.sleep(0)\n"),
    ("app", "lib.relay(counters.Counter())", "lib.relay(counters.Plain())"),  # what reaches relay's parameter
    ("app", "lib.relay(counters.Plain())", "lib.relay(counters.Counter())"),
    # Counter bound anew, same text: relay's argument is a class of a module its collection never read
    ("counters", "        self.n = n + 1\n", "        self.n = n + 1  # edited\n"),
    # launch's argument changes class, though neither app's nor pool's text does
    ("factory", "return Job()", "return Other()"),
    # Other bound anew, same text and name: launch's argument is a class of a module its collection never read
    ("jobs", "class Other:\n", "class Other:  # edited\n"),
    ("factory", "return Other()", "return Job()"),
    ("lib", "GUARD = gevent.lock.Semaphore()", "GUARD = Plain()"),  # app's `with lib.GUARD:` holds no lock
    ("lib", "GUARD = Plain()", "GUARD = gevent.lock.Semaphore()"),
    ("lib", "job = slow", "job = slower"),  # what app hands to its thread pool
    ("app", "import pool\n", "import pool\nfrom gevent import monkey\n\nmonkey.patch_all()\n"),  # another model
    ("app", "from gevent import monkey\n\nmonkey.patch_all()\n", ""),
    ("alias", "put = put_entry", "put = put_other"),  # store.fill changes REGISTRY.others, not its cells
    ("alias", "put = put_other", "put = put_entry"),
    ("counters", "def fetch():\n    gevent.sleep(0)\n", "def fetch():\n"),  # the loops' bodies stop switching
    ("counters", "def fetch():\n", "def fetch():\n    gevent.sleep(0)\n"),
    # what reaches store.fill_any's box: its box.put (so relay_fill's call of it) changes box.entries in place
    ("app", "LEDGER = registry.Ledger()", "LEDGER = registry.Registry()"),
    ("registry", "        self.entries[key] = value\n", "        self.entries[key] = value  # edited\n"),
    ("app", "LEDGER = registry.Registry()", "LEDGER = registry.Ledger()"),
    ("app", "    gevent.spawn(book.read)\n", "    book.read()\n"),  # no Book shared
    ("registry", "class Book:\n", "class Book:  # edited\n"),
    ("app", "    book.read()\n", "    gevent.spawn(book.read)\n"),
    # runner.run_now (unchanged, collected again) now calls app.blocking_helper: no longer only run on a pool
    ("chooser", "now = idle", "now = blocking_helper"),
    ("chooser", "now = blocking_helper", "now = idle"),
    ("chooser", "now = idle", "now = blocking_helper"),
    ("runner", "    chooser.now()\n", "    pass\n"),  # the run_now that called it leaves the graph
    ("runner", "    pass\n", "    chooser.now()\n"),
    ("chooser", "now = blocking_helper", "now = idle"),
    # what NetMeter's reader returns, then what it assigns, make Meter's points switch: shared, they count
    ("gauges", "        return Quiet()\n", "        return Loud()\n"),
    ("gauges", "self.source = Quiet()", "self.source = Loud()"),
    ("app", "METER = gauges.NetMeter()", "METER = gauges.PlainMeter()"),  # the shared subclass overrides nothing
    ("app", "METER = gauges.PlainMeter()", "METER = gauges.NetMeter()"),
    ("gauges", "        return Loud()\n", "        return Quiet()\n"),
    ("gauges", "self.source = Loud()", "self.source = Quiet()"),
]


def _write(tmp_path) -> dict:
    texts = {
        "counters": COUNTERS, "lib": LIB, "jobs": JOBS, "factory": FACTORY, "pool": POOL,
        "registry": REGISTRY, "alias": ALIAS, "store": STORE, "chooser": CHOOSER, "runner": RUNNER, "app": APP,
        "meters": METERS, "gauges": GAUGES,
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.py").write_text(text)
    (tmp_path / "pyproject.toml").write_text("")
    return texts


def _findings(workspace, tmp_path, edited: str) -> dict:
    """Findings of the editor path (the edited file, then the entry module) and of the whole folder."""
    found = {}
    for name in dict.fromkeys((edited, "app")):
        report = workspace.analyze_file(tmp_path / f"{name}.py")
        found[f"file {name}"] = report.findings
    for report in workspace.analyze_paths([tmp_path]).files:
        found[f"folder {report.path}"] = report.findings
    return found


def _cold(tmp_path, texts: dict, edited: str) -> dict:
    workspace = open_workspace(Options())
    for name, text in texts.items():
        workspace.set_text(tmp_path / f"{name}.py", text)
    return _findings(workspace, tmp_path, edited)


def test_findings_after_each_edit_equal_a_cold_workspaces(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    texts = _write(tmp_path)
    warm = open_workspace(Options())
    assert _findings(warm, tmp_path, "app") == _cold(tmp_path, texts, "app")
    seen = set()
    for step, (name, old, new) in enumerate(EDITS):
        assert old in texts[name], f"step {step}: the edit does not apply"
        texts[name] = texts[name].replace(old, new, 1)
        warm.set_text(tmp_path / f"{name}.py", texts[name])
        expected = _cold(tmp_path, texts, name)
        assert _findings(warm, tmp_path, name) == expected, f"step {step}: {name} edited"
        seen.add(frozenset((key, f.code, f.range.start.line) for key, found in expected.items() for f in found))
    assert len(seen) >= 5, "the edits should change the findings"
