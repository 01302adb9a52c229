# `b"".join(generator)` runs the generator's body to its end, like list() or sum(): the join switches.
# The engine's ITERATING_BUILTINS names builtin functions only, not the str/bytes/bytearray `join` methods.
import gevent


def chunks():
    gevent.sleep(0)  # switch: [call] "miss_join_of_generator.chunks -> gevent.sleep"
    yield b"a"


def main():
    whole = b"".join(chunks())  # switch: [call] "miss_join_of_generator.main -> builtins.bytes.join -> miss_join_of_generator.chunks"
    text = ", ".join(str(piece) for piece in chunks())  # switch: [call] "builtins.str.join"  switch: 37 [for_iter] "miss_join_of_generator.chunks"
    return whole, text


# RUN gevent
if __name__ == "__main__":
    main()  # switch: [call] "miss_join_of_generator -> miss_join_of_generator.main"
