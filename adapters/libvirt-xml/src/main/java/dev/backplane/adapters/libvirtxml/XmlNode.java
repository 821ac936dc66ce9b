package dev.backplane.adapters.libvirtxml;

/**
 * A node of a parsed document ({@link XmlParser}): an element, or text, a CDATA section, a comment
 * or a processing instruction, each kept as written so that the document prints back unchanged.
 */
abstract sealed class XmlNode permits XmlElement, XmlNode.Characters, XmlNode.Instruction {
  /** The element holding this node; null for the nodes of the document itself. */
  XmlElement parent;
  /** Where this node was last seen among its parent's children: checked before it is used. */
  int slot;

  /** A deep copy, without a parent. */
  abstract XmlNode copy();

  /** The node after this one in its parent, or null. */
  XmlNode next() {
    return parent == null ? null : parent.after(this);
  }

  /** The node before this one in its parent, or null. */
  XmlNode previous() {
    return parent == null ? null : parent.before(this);
  }

  /** A node that is a run of characters: text, a CDATA section or a comment. */
  abstract static sealed class Characters extends XmlNode permits Text, CData, Comment {
    final String data;

    Characters(String data) {
      this.data = data;
    }
  }

  /** Character data, its entity and character references replaced. */
  static final class Text extends Characters {
    Text(String data) {
      super(data);
    }

    @Override
    Text copy() {
      return new Text(data);
    }

    /** Whether this is the line break and spaces in front of an element. */
    boolean isIndentation() {
      return data.isBlank() && data.indexOf('\n') >= 0;
    }
  }

  /** A {@code <![CDATA[...]]>} section. */
  static final class CData extends Characters {
    CData(String data) {
      super(data);
    }

    @Override
    CData copy() {
      return new CData(data);
    }
  }

  /** A {@code <!--...-->} comment. */
  static final class Comment extends Characters {
    Comment(String data) {
      super(data);
    }

    @Override
    Comment copy() {
      return new Comment(data);
    }
  }

  /** A {@code <?target data?>} processing instruction. */
  static final class Instruction extends XmlNode {
    final String target;
    final String data;

    Instruction(String target, String data) {
      this.target = target;
      this.data = data;
    }

    @Override
    Instruction copy() {
      return new Instruction(target, data);
    }
  }
}
