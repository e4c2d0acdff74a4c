import { Subscribers } from '../../../src/data/refresh/subscribers';

describe('Subscribers', () => {
  it('tells only the listeners of the changed id, and reports an id used from its first listener to its last', () => {
    const used: string[] = [];
    const subscribers = new Subscribers((id) => used.push(`${id}:${subscribers.ids().includes(id)}`));
    const heard: string[] = [];
    const stopA = subscribers.subscribe('WALCL', () => heard.push('a'));
    const stopB = subscribers.subscribe('WALCL', () => heard.push('b'));
    subscribers.subscribe('TGA', () => heard.push('tga'));
    subscribers.notify('WALCL');
    expect(heard).toEqual(['a', 'b']);
    stopA();
    stopA();
    expect(used).toEqual(['WALCL:true', 'TGA:true']);
    stopB();
    expect(used).toEqual(['WALCL:true', 'TGA:true', 'WALCL:false']);
    subscribers.notify('WALCL');
    expect(heard).toEqual(['a', 'b']);
    expect(subscribers.ids()).toEqual(['TGA']);
  });
});
