# A class stored in a class attribute that a subclass overrides, constructed through `self`.
import gevent


class Message:
    def __init__(self, number):
        gevent.sleep(0)  # switch: [call] "miss_class_attribute_in_subclass.Message.__init__ -> gevent.sleep"
        self.number = number


class Parser:
    message_class = None

    def __next__(self):
        return self.message_class(1)  # switch: [construct] possible "Parser.__next__ -> miss_class_attribute_in_subclass.Message.__init__"


class RequestParser(Parser):
    message_class = Message


def main():
    return next(RequestParser())  # switch: [call] possible "builtins.next -> miss_class_attribute_in_subclass.Parser.__next__"


# RUN gevent
if __name__ == "__main__":
    gevent.spawn(main).join()  # switch: [call] "gevent.Greenlet.join"
