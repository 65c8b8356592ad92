// A TypeDoc plugin for racket-net's handle types (ports, custodians, threads, sockets...).
// A class or interface whose doc comment has the modifier tag `@opaque` is shown without its
// members: users work with it through the module's functions (`readBytes(amt, in)`, not
// `in.takeBytes(...)`), and its methods are the runtime's internals. A member can be kept by
// tagging it `@public`.
import { Application, Converter, ReflectionKind } from 'typedoc';

const OPAQUE = '@opaque';

/** @param {import('typedoc').Reflection} member */
function isMarkedPublic(member) {
  const comments = [member.comment];
  if ('signatures' in member && Array.isArray(member.signatures)) {
    comments.push(...member.signatures.map((s) => s.comment));
  }
  if ('getSignature' in member) comments.push(member.getSignature?.comment);
  if ('setSignature' in member) comments.push(member.setSignature?.comment);
  return comments.some((c) => c?.hasModifier('@public') === true);
}

/** @param {Application} app */
export function load(app) {
  app.on(Application.EVENT_BOOTSTRAP_END, () => {
    const tags = app.options.getValue('modifierTags');
    if (!tags.includes(OPAQUE)) app.options.setValue('modifierTags', [...tags, OPAQUE]);
  });
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    for (const owner of project.getReflectionsByKind(ReflectionKind.ClassOrInterface)) {
      if (owner.comment?.hasModifier(OPAQUE) !== true) continue;
      owner.comment.removeModifier(OPAQUE);
      // The internal interfaces it implements (`Managed`…) are not part of it either.
      if ('implementedTypes' in owner) owner.implementedTypes = undefined;
      const members = 'children' in owner && Array.isArray(owner.children) ? owner.children : [];
      for (const member of [...members]) {
        if (!isMarkedPublic(member)) project.removeReflection(member);
      }
    }
  });
}
