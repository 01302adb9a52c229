# Calling a parameter inside a higher-order function (a wraps-style decorator's wrapper): the call switches
# whenever the function passed in does; the engine marks the caller's call site but not `fn(...)` itself.
import functools

import gevent


def retry(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)  # switch: [call] possible "retry.wrapper -> miss_parameter_call.fetch"

    return wrapper


@retry
def fetch():
    gevent.sleep(0)  # switch: [call] "miss_parameter_call.fetch -> gevent.sleep"


def run_it(fn):
    return fn()  # switch: [call] possible "run_it -> miss_parameter_call.retry.wrapper"


def run_twice(fn):
    run_it(fn)  # switch: [call] possible "run_twice -> miss_parameter_call.run_it"
    run_it(fn)  # switch: [call] possible "run_twice -> miss_parameter_call.run_it"


def main():
    fetch()  # switch: [call] "miss_parameter_call.main -> miss_parameter_call.retry.wrapper"
    run_it(fetch)  # switch: [call] "miss_parameter_call.main"
    run_twice(fetch)  # switch: [call] "miss_parameter_call.main"


# RUN gevent
if __name__ == "__main__":
    main()  # switch: [call] "miss_parameter_call -> miss_parameter_call.main"
