package io.alchemiser.shared.memory;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A Java record, and the records, lists, maps, strings, decimals and times inside it, as compact
 * bytes and back: for values kept in memory by this process, never for a wire or a file (enums are
 * written by ordinal, nothing is versioned). Made for memories that hold many records for a while:
 * one array instead of dozens of objects is less for the garbage collector to copy, and writing it
 * is several times cheaper than JSON (no text for numbers and times). Every component of every
 * record is written, so a field added to a record is kept without a change here; a component of a
 * type not listed fails when the codec is made. Thread-safe.
 */
public final class RecordBytes<T extends Record> {
  private final Class<T> type;
  private final Codec codec;

  private RecordBytes(Class<T> type) {
    this.type = type;
    this.codec = codecFor(type);
  }

  public static <T extends Record> RecordBytes<T> of(Class<T> type) {
    return new RecordBytes<>(type);
  }

  /** Allocates only its buffer and the result: callers on several threads never wait for one another. */
  public byte[] encode(T value) {
    ByteOut out = new ByteOut();
    codec.write(out, value);
    return out.toArray();
  }

  public T decode(byte[] bytes) {
    ByteIn in = new ByteIn(bytes);
    T value = type.cast(codec.read(in));
    if (in.remaining() != 0) {
      throw new IllegalArgumentException(type.getSimpleName() + " bytes: " + in.remaining() + " left over");
    }
    return value;
  }

  private interface Codec {
    void write(ByteOut out, Object value);

    Object read(ByteIn in);
  }

  private static Codec codecFor(Type type) {
    if (type instanceof ParameterizedType generic) {
      Type raw = generic.getRawType();
      Type[] args = generic.getActualTypeArguments();
      if (raw == List.class) {
        return nullable(new ListCodec(codecFor(args[0])));
      }
      if (raw == Map.class) {
        return nullable(new MapCodec(codecFor(args[0]), codecFor(args[1])));
      }
      throw new IllegalArgumentException("no compact form for " + type);
    }
    if (!(type instanceof Class<?> c)) {
      throw new IllegalArgumentException("no compact form for " + type);
    }
    if (c == int.class) {
      return codec((out, value) -> out.varLong((Integer) value), in -> (int) in.varLong());
    }
    if (c == long.class) {
      return codec((out, value) -> out.varLong((Long) value), ByteIn::varLong);
    }
    if (c == boolean.class) {
      return codec((out, value) -> out.put((Boolean) value ? 1 : 0), in -> in.get() != 0);
    }
    if (c == String.class) {
      return nullable(codec((out, value) -> out.string((String) value), ByteIn::string));
    }
    if (c == BigDecimal.class) {
      return nullable(codec(ByteOut::decimal, ByteIn::decimal));
    }
    if (c == Instant.class) {
      return nullable(codec((out, value) -> {
        out.varLong(((Instant) value).getEpochSecond());
        out.varLong(((Instant) value).getNano());
      }, in -> Instant.ofEpochSecond(in.varLong(), in.varLong())));
    }
    if (c == LocalDate.class) {
      return nullable(codec((out, value) -> out.varLong(((LocalDate) value).toEpochDay()), in -> LocalDate.ofEpochDay(in.varLong())));
    }
    if (c.isEnum()) {
      Object[] constants = c.getEnumConstants();
      return nullable(codec((out, value) -> out.varLong(((Enum<?>) value).ordinal()), in -> constants[(int) in.varLong()]));
    }
    if (c.isRecord()) {
      return nullable(new RecordCodec(c));
    }
    throw new IllegalArgumentException("no compact form for " + c.getName());
  }

  private static Codec nullable(Codec codec) {
    return codec((out, value) -> {
      if (value == null) {
        out.put(0);
      } else {
        out.put(1);
        codec.write(out, value);
      }
    }, in -> in.get() == 0 ? null : codec.read(in));
  }

  private static Codec codec(BiConsumer<ByteOut, Object> writer, Function<ByteIn, Object> reader) {
    return new Codec() {
      @Override
      public void write(ByteOut out, Object value) {
        writer.accept(out, value);
      }

      @Override
      public Object read(ByteIn in) {
        return reader.apply(in);
      }
    };
  }

  private static final class RecordCodec implements Codec {
    /** Each component's accessor as a function made by LambdaMetafactory: about a direct call, where reflection adds checks and a cast. */
    private final Function<Object, Object>[] accessors;
    private final Codec[] codecs;
    private final Constructor<?> constructor;

    RecordCodec(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      @SuppressWarnings("unchecked")
      Function<Object, Object>[] getters = new Function[components.length];
      accessors = getters;
      codecs = new Codec[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        accessors[i] = getter(type, components[i].getAccessor());
        codecs[i] = codecFor(components[i].getGenericType());
        types[i] = components[i].getType();
      }
      try {
        constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
      }
    }

    @SuppressWarnings("unchecked")
    private static Function<Object, Object> getter(Class<?> type, Method accessor) {
      try {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        MethodHandle handle = lookup.unreflect(accessor);
        Class<?> result = handle.type().returnType();
        CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
            MethodType.methodType(Object.class, Object.class), handle,
            MethodType.methodType(result.isPrimitive() ? MethodType.methodType(result).wrap().returnType() : result, type));
        return (Function<Object, Object>) site.getTarget().invoke();
      } catch (Throwable e) {
        throw new IllegalArgumentException(type.getName() + "." + accessor.getName() + " cannot be read", e);
      }
    }

    @Override
    public void write(ByteOut out, Object value) {
      for (int i = 0; i < accessors.length; i++) {
        codecs[i].write(out, accessors[i].apply(value));
      }
    }

    @Override
    public Object read(ByteIn in) {
      Object[] args = new Object[codecs.length];
      for (int i = 0; i < codecs.length; i++) {
        args[i] = codecs[i].read(in);
      }
      try {
        return constructor.newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make " + constructor.getDeclaringClass().getSimpleName(), e);
      }
    }
  }

  private record ListCodec(Codec element) implements Codec {
    @Override
    public void write(ByteOut out, Object value) {
      List<?> list = (List<?>) value;
      out.varLong(list.size());
      for (Object e : list) {
        element.write(out, e);
      }
    }

    @Override
    public Object read(ByteIn in) {
      int size = (int) in.varLong();
      List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(element.read(in));
      }
      return list;
    }
  }

  private record MapCodec(Codec key, Codec val) implements Codec {
    @Override
    public void write(ByteOut out, Object value) {
      Map<?, ?> map = (Map<?, ?>) value;
      out.varLong(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        key.write(out, e.getKey());
        val.write(out, e.getValue());
      }
    }

    @Override
    public Object read(ByteIn in) {
      int size = (int) in.varLong();
      Map<Object, Object> map = new LinkedHashMap<>(size * 2);
      for (int i = 0; i < size; i++) {
        map.put(key.read(in), val.read(in));
      }
      return map;
    }
  }
}
