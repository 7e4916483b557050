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
import java.util.function.Function;

/**
 * How one value is written and read. Scalars (numbers, strings, decimals, times, enums) are written
 * by {@link #write} itself, chosen by a switch on their kind: a record's dozens of components then
 * cost no call through an interface each (those calls, one or two layers per component, were a third
 * of the encoding's time in a profile). Lists, maps and records are written by their own codecs.
 * A reference value is preceded by a byte, 0 for null and 1 otherwise.
 */
final class ValueSlot {
  private static final int INT = 0;
  private static final int LONG = 1;
  private static final int BOOLEAN = 2;
  private static final int STRING = 3;
  private static final int DECIMAL = 4;
  private static final int INSTANT = 5;
  private static final int DATE = 6;
  private static final int ENUM = 7;
  private static final int COMPOSITE = 8;
  private static final Map<Class<?>, Integer> SCALARS = Map.of(int.class, INT, long.class, LONG, boolean.class, BOOLEAN,
      String.class, STRING, BigDecimal.class, DECIMAL, Instant.class, INSTANT, LocalDate.class, DATE);

  private final int kind;
  private final Object[] constants;
  private final Codec composite;

  private ValueSlot(int kind, Object[] constants, Codec composite) {
    this.kind = kind;
    this.constants = constants;
    this.composite = composite;
  }

  void write(ByteOut out, Object value) {
    switch (kind) {
      case INT -> out.varLong((Integer) value);
      case LONG -> out.varLong((Long) value);
      case BOOLEAN -> out.put((Boolean) value ? 1 : 0);
      default -> {
        if (value == null) {
          out.put(0);
          return;
        }
        out.put(1);
        switch (kind) {
          case STRING -> out.string((String) value);
          case DECIMAL -> out.decimal(value);
          case INSTANT -> {
            out.varLong(((Instant) value).getEpochSecond());
            out.varLong(((Instant) value).getNano());
          }
          case DATE -> out.varLong(((LocalDate) value).toEpochDay());
          case ENUM -> out.varLong(((Enum<?>) value).ordinal());
          default -> composite.write(out, value);
        }
      }
    }
  }

  Object read(ByteIn in) {
    switch (kind) {
      case INT:
        return (int) in.varLong();
      case LONG:
        return in.varLong();
      case BOOLEAN:
        return in.get() != 0;
      default:
        if (in.get() == 0) {
          return null;
        }
        return switch (kind) {
          case STRING -> in.string();
          case DECIMAL -> in.decimal();
          case INSTANT -> Instant.ofEpochSecond(in.varLong(), in.varLong());
          case DATE -> LocalDate.ofEpochDay(in.varLong());
          case ENUM -> constants[(int) in.varLong()];
          default -> composite.read(in);
        };
    }
  }

  /** A list, a map or a record, written after its slot's null marker. */
  private abstract static class Codec {
    abstract void write(ByteOut out, Object value);

    abstract Object read(ByteIn in);
  }

  /** The slot of a value of {@code type}; fails, naming the type, for one that has no compact form. */
  static ValueSlot of(Type type) {
    if (type instanceof ParameterizedType generic) {
      Type raw = generic.getRawType();
      Type[] args = generic.getActualTypeArguments();
      if (raw == List.class) {
        return new ValueSlot(COMPOSITE, null, new ListCodec(of(args[0])));
      }
      if (raw == Map.class) {
        return new ValueSlot(COMPOSITE, null, new MapCodec(of(args[0]), of(args[1])));
      }
      throw new IllegalArgumentException("no compact form for " + type);
    }
    if (!(type instanceof Class<?> c)) {
      throw new IllegalArgumentException("no compact form for " + type);
    }
    Integer scalar = SCALARS.get(c);
    if (scalar != null) {
      return new ValueSlot(scalar, null, null);
    }
    if (c.isEnum()) {
      return new ValueSlot(ENUM, c.getEnumConstants(), null);
    }
    if (c.isRecord()) {
      return new ValueSlot(COMPOSITE, null, new RecordCodec(c));
    }
    throw new IllegalArgumentException("no compact form for " + c.getName());
  }

  private static final class RecordCodec extends Codec {
    /** Each component's accessor as a function made by LambdaMetafactory: about a direct call, where reflection adds checks and a cast. */
    private final Function<Object, Object>[] accessors;
    private final ValueSlot[] slots;
    private final Constructor<?> constructor;

    RecordCodec(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      @SuppressWarnings("unchecked")
      Function<Object, Object>[] getters = new Function[components.length];
      accessors = getters;
      slots = new ValueSlot[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        accessors[i] = getter(type, components[i].getAccessor());
        slots[i] = of(components[i].getGenericType());
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
    void write(ByteOut out, Object value) {
      for (int i = 0; i < accessors.length; i++) {
        slots[i].write(out, accessors[i].apply(value));
      }
    }

    @Override
    Object read(ByteIn in) {
      Object[] args = new Object[slots.length];
      for (int i = 0; i < slots.length; i++) {
        args[i] = slots[i].read(in);
      }
      try {
        return constructor.newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot make " + constructor.getDeclaringClass().getSimpleName(), e);
      }
    }
  }

  private static final class ListCodec extends Codec {
    private final ValueSlot element;

    ListCodec(ValueSlot element) {
      this.element = element;
    }

    @Override
    void write(ByteOut out, Object value) {
      List<?> list = (List<?>) value;
      out.varLong(list.size());
      for (Object e : list) {
        element.write(out, e);
      }
    }

    @Override
    Object read(ByteIn in) {
      int size = (int) in.varLong();
      List<Object> list = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        list.add(element.read(in));
      }
      return list;
    }
  }

  private static final class MapCodec extends Codec {
    private final ValueSlot key;
    private final ValueSlot val;

    MapCodec(ValueSlot key, ValueSlot val) {
      this.key = key;
      this.val = val;
    }

    @Override
    void write(ByteOut out, Object value) {
      Map<?, ?> map = (Map<?, ?>) value;
      out.varLong(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        key.write(out, e.getKey());
        val.write(out, e.getValue());
      }
    }

    @Override
    Object read(ByteIn in) {
      int size = (int) in.varLong();
      Map<Object, Object> map = new LinkedHashMap<>(size * 2);
      for (int i = 0; i < size; i++) {
        map.put(key.read(in), val.read(in));
      }
      return map;
    }
  }
}
