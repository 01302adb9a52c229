# locust's shape: a metaclass collects @task functions into a class attribute list, a runner picks one
# at random and calls it. The callee cannot be resolved statically; the call must still be marked
# (possible, as a call of an unknown callable) rather than left silent.
import random

import gevent


def task(function):
    function.is_task = True
    return function


class UserMeta(type):
    def __new__(mcs, name, bases, namespace):
        # an unannotated parameter: iterating it may reach any __next__ (the engine's rule for unknown receivers)
        # switch: 41 [for_iter] possible
        namespace["tasks"] = [value for value in namespace.values() if getattr(value, "is_task", False)]
        return super().__new__(mcs, name, bases, namespace)


class User(metaclass=UserMeta):
    def run(self):
        self.execute(random.choice(self.tasks))  # switch: [call] possible "User.run -> miss_unknown_callable_from_metaclass.User.execute"

    def execute(self, chosen):
        chosen(self)  # switch: [call] possible "User.execute"


class Browsing(User):
    @task
    def browse(self):
        gevent.sleep(0)  # switch: [call] "miss_unknown_callable_from_metaclass.Browsing.browse -> gevent.sleep"


# RUN gevent
if __name__ == "__main__":
    Browsing().run()  # switch: [call] possible "User.run"
